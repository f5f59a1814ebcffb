// A live time-series chart (uPlot: small, fast, canvas): the overview's
// commits/s, syncs/s and commits per sync.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface SeriesSpec {
  label: string;
  color: string;
}

export class LiveChart {
  readonly #plot: uPlot;
  readonly #container: HTMLElement;

  constructor(container: HTMLElement, title: string, series: SeriesSpec[], width = 520) {
    this.#container = container;
    this.#plot = new uPlot(
      {
        title,
        width,
        height: 200,
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
        axes: [{}, { size: 50 }],
        series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2, fill: `${s.color}22`, points: { show: false } }))],
      },
      [[], ...series.map(() => [])],
      container,
    );
  }

  /** Replaces the data: x in seconds since the epoch, one array per series (null = no value). */
  setData(x: number[], ys: Array<Array<number | null>>): void {
    this.#plot.setData([x, ...ys] as uPlot.AlignedData);
    const last = ys.map((y) => y[y.length - 1] ?? null);
    this.#container.dataset.last = JSON.stringify(last);
    this.#container.dataset.points = String(x.length);
    this.#container.dataset.max = JSON.stringify(ys.map((y) => y.reduce<number>((m, v) => (v !== null && v > m ? v : m), 0)));
  }

  setWidth(width: number): void {
    this.#plot.setSize({ width, height: 200 });
  }
}
