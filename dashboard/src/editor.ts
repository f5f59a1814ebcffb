// The Cypher editor: CodeMirror 6 with the Cypher mode (syntax highlighting),
// line numbers, history, bracket matching; Ctrl/Cmd+Enter runs the query.
import { basicSetup } from 'codemirror';
import { StreamLanguage } from '@codemirror/language';
import { cypher } from '@codemirror/legacy-modes/mode/cypher';
import { EditorView, keymap } from '@codemirror/view';
import { Prec } from '@codemirror/state';

export function createEditor(parent: HTMLElement, text: string, onRun: () => void): EditorView {
  const run = (): boolean => {
    onRun();
    return true;
  };
  return new EditorView({
    doc: text,
    parent,
    extensions: [
      Prec.highest(keymap.of([
        { key: 'Mod-Enter', run },
        { key: 'Shift-Enter', run },
      ])),
      basicSetup,
      StreamLanguage.define(cypher),
      EditorView.theme({ '&': { fontSize: '14px', maxHeight: '260px' }, '.cm-scroller': { fontFamily: 'ui-monospace, Menlo, Consolas, monospace' } }),
    ],
  });
}

export function editorText(view: EditorView): string {
  return view.state.doc.toString();
}

export function setEditorText(view: EditorView, text: string): void {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}
