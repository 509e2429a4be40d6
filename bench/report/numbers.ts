/** Small statistics for the report: means, medians, percentiles, formats. */

export function mean(values: readonly number[]): number {
	if (values.length === 0) return Number.NaN;
	return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** The `p`th percentile (0-100) by nearest rank. */
export function percentile(values: readonly number[], p: number): number {
	if (values.length === 0) return Number.NaN;
	const sorted = values.toSorted((a, b) => a - b);
	const rank = Math.ceil((p / 100) * sorted.length) - 1;
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

export function median(values: readonly number[]): number {
	return percentile(values, 50);
}

/** `value` with `digits` decimals and thousands separators; `n/a` for NaN. */
export function fixed(value: number, digits = 0): string {
	if (!Number.isFinite(value)) return 'n/a';
	return value.toLocaleString('en-US', {
		minimumFractionDigits: digits,
		maximumFractionDigits: digits,
	});
}

/** A share as a percentage with one decimal. */
export function percent(share: number): string {
	return Number.isFinite(share) ? `${fixed(100 * share, 1)}%` : 'n/a';
}
