/**
 * Whether V8 would optimise code with TurboFan right now: a fresh function
 * is asked to be optimised on its next call. Needs V8's natives syntax
 * (`node --allow-natives-syntax`), which only code compiled at run time
 * may use here (TypeScript does not parse it).
 */
// eslint-disable-next-line no-new-func, @typescript-eslint/no-unsafe-type-assertion
const optimisationStatus: () => unknown = new Function(`
	function f(x) { return x + 1; }
	%PrepareFunctionForOptimization(f); f(1); f(2);
	%OptimizeFunctionOnNextCall(f); f(3);
	return %GetOptimizationStatus(f);
`) as () => unknown;

/** Bit 4 of V8's optimisation status: the function runs TurboFan code. */
export function turbofanNow(): boolean {
	// eslint-disable-next-line no-bitwise
	return (Number(optimisationStatus()) & 16) !== 0;
}
