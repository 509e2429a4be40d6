/**
 * A hand-written SVG line chart (no dependency): numbered axes, one
 * polyline with dots per series, a legend. Enough for the report's few
 * charts, readable on GitHub and in a browser.
 */

export type Series = {
	readonly name: string;
	readonly points: ReadonlyArray<readonly [x: number, y: number]>;
	/** Drawn dashed (for example measured on real sockets rather than simulated). */
	readonly dashed?: boolean;
};

export type Chart = {
	readonly title: string;
	readonly xLabel: string;
	readonly yLabel: string;
	readonly series: readonly Series[];
	/** A log-scale x axis (node counts from 20 to 10,000). */
	readonly xLog?: boolean;
	/** The y axis starts here (default 0). */
	readonly yMin?: number;
	/** A log-scale y axis, by powers of ten (latencies from 10 ms to 10 s). */
	readonly yLog?: boolean;
};

const width = 560;
const height = 340;
const margin = {left: 64, right: 40, top: 36, bottom: 84};
const colours = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e'];

function escape(text: string): string {
	return text
		.replaceAll('&', '&amp;')
		.replaceAll('<', '&lt;')
		.replaceAll('>', '&gt;');
}

/** Round tick steps (1, 2 or 5 times a power of ten) from `low` up to at least `high`. */
function ticks(low: number, high: number): number[] {
	const span = high - low || 1;
	const raw = span / 5;
	const power = 10 ** Math.floor(Math.log10(raw));
	const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
	const list: number[] = [];
	const top = Math.ceil(high / step - 1e-9) * step;
	for (
		let value = Math.ceil(low / step) * step;
		value <= top + 1e-9;
		value += step
	) {
		list.push(Number(value.toPrecision(12)));
	}

	return list;
}

/** Powers of ten from below `low` to above `high` (both above 0). */
function logTicks(low: number, high: number): number[] {
	const list: number[] = [];
	const last = Math.ceil(Math.log10(high));
	for (let power = Math.floor(Math.log10(low)); power <= last; power++) {
		list.push(10 ** power);
	}

	return list;
}

function label(value: number): string {
	return Math.abs(value) >= 1000
		? value.toLocaleString('en-US')
		: String(Number(value.toPrecision(4)));
}

export function lineChart(chart: Chart): string {
	const points = chart.series.flatMap((series) => series.points);
	const finite = points.filter(
		([x, y]) => Number.isFinite(x) && Number.isFinite(y),
	);
	const xs = finite.map(([x]) => x);
	const ys = finite.map(([, y]) => y);
	const xScale = (x: number) => (chart.xLog ? Math.log10(x) : x);
	const xLow = Math.min(...xs.map((x) => xScale(x)));
	const xHigh = Math.max(...xs.map((x) => xScale(x)));
	const yScale = (y: number) =>
		chart.yLog ? Math.log10(Math.max(y, 1e-9)) : y;
	const yMin = chart.yMin ?? 0;
	const yTicks = chart.yLog
		? logTicks(Math.min(...ys.filter((y) => y > 0)), Math.max(...ys))
		: ticks(yMin, Math.max(...ys, yMin + 1));
	const yLow = yScale(yTicks[0]!);
	const yHigh = yScale(yTicks.at(-1)!);
	const plotW = width - margin.left - margin.right;
	const plotH = height - margin.top - margin.bottom;
	const px = (x: number) =>
		margin.left + ((xScale(x) - xLow) / (xHigh - xLow || 1)) * plotW;
	const py = (y: number) =>
		margin.top + plotH - ((yScale(y) - yLow) / (yHigh - yLow || 1)) * plotH;
	const xTicks = chart.xLog
		? [...new Set(xs)].toSorted((a, b) => a - b)
		: ticks(Math.min(...xs), Math.max(...xs));
	const parts: string[] = [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
		`<rect width="${width}" height="${height}" fill="white"/>`,
		`<text x="${width / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${escape(chart.title)}</text>`,
	];
	for (const y of yTicks) {
		parts.push(
			`<line x1="${margin.left}" x2="${width - margin.right}" y1="${py(y)}" y2="${py(y)}" stroke="#ddd"/>`,
			`<text x="${margin.left - 6}" y="${py(y) + 4}" text-anchor="end">${label(y)}</text>`,
		);
	}

	for (const x of xTicks) {
		parts.push(
			`<line x1="${px(x)}" x2="${px(x)}" y1="${margin.top + plotH}" y2="${margin.top + plotH + 4}" stroke="black"/>`,
			`<text x="${px(x)}" y="${margin.top + plotH + 18}" text-anchor="middle">${label(x)}</text>`,
		);
	}

	parts.push(
		`<line x1="${margin.left}" x2="${width - margin.right}" y1="${margin.top + plotH}" y2="${margin.top + plotH}" stroke="black"/>`,
		`<line x1="${margin.left}" x2="${margin.left}" y1="${margin.top}" y2="${margin.top + plotH}" stroke="black"/>`,
		`<text x="${margin.left + plotW / 2}" y="${margin.top + plotH + 36}" text-anchor="middle">${escape(chart.xLabel)}</text>`,
		`<text transform="translate(16 ${margin.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escape(chart.yLabel)}</text>`,
	);
	for (const [index, series] of chart.series.entries()) {
		const colour = colours[index % colours.length]!;
		const drawn = series.points.filter(
			([x, y]) => Number.isFinite(x) && Number.isFinite(y),
		);
		const dash = series.dashed ? ' stroke-dasharray="6 4"' : '';
		if (drawn.length > 1) {
			const path = drawn.map(
				([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`,
			);
			parts.push(
				`<polyline points="${path.join(' ')}" fill="none" stroke="${colour}" stroke-width="2"${dash}/>`,
			);
		}

		for (const [x, y] of drawn) {
			parts.push(
				`<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="3.5" fill="${colour}"/>`,
			);
		}

		const legendX = margin.left + (index % 2) * (plotW / 2);
		const legendY = height - 26 + Math.floor(index / 2) * 16;
		parts.push(
			`<line x1="${legendX}" x2="${legendX + 22}" y1="${legendY - 4}" y2="${legendY - 4}" stroke="${colour}" stroke-width="2"${dash}/>`,
			`<text x="${legendX + 28}" y="${legendY}">${escape(series.name)}</text>`,
		);
	}

	parts.push('</svg>');
	return `${parts.join('\n')}\n`;
}
