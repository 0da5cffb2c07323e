// Standard normal CDF (error < 1e-7), its log upper tail, and quantile (relative error < 1.2e-9).

/** Φ(x), through erfc; absolute error below 1e-7, plenty for interval levels. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** erfc with relative error < 1.2e-7 everywhere (Numerical Recipes' erfcc, a Chebyshev fit). */
function erfc(x: number): number {
  const r = Math.exp(logErfcOfAbs(x));
  return x >= 0 ? r : 2 - r;
}

/** ln erfc(|x|), in log space so that far tails never underflow. */
function logErfcOfAbs(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  return (
    Math.log(t) -
    z * z -
    1.26551223 +
    t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
  );
}

/** log10 P(Z ≥ z) for a standard normal Z, with the same relative accuracy however far out z is. */
export function log10NormalUpperTail(z: number): number {
  if (z < 0) return Math.log10(normalCdf(-z));
  return (Math.log(0.5) + logErfcOfAbs(z / Math.SQRT2)) / Math.LN10;
}

/** Φ⁻¹(p) for p in (0, 1) (Acklam's algorithm, relative error < 1.2e-9); ±Infinity at 0 and 1. */
export function normalQuantile(p: number): number {
  if (p <= 0) return Number.NEGATIVE_INFINITY;
  if (p >= 1) return Number.POSITIVE_INFINITY;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low || p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(p < low ? p : 1 - p));
    const x = (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
    return p < low ? x : -x;
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}
