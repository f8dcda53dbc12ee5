"""Two-sample tests for comparing the planner with its SimPy reference
(tests/planner/test_reference.py), written out here because Debian's
python3 has no SciPy by default:

- Kolmogorov-Smirnov: D = the largest gap between the two empirical CDFs,
  with the asymptotic p-value Q_KS((sqrt(ne) + 0.12 + 0.11 / sqrt(ne)) D),
  ne = n m / (n + m) (Stephens' correction, as in Numerical Recipes'
  kstwo). For discrete data (days and deaths are whole numbers) this
  p-value is conservative: it errs towards passing, never towards failing.
- Welch's t on the means: t = (mean_a - mean_b) / sqrt(va/n + vb/m), with
  the Welch-Satterthwaite degrees of freedom and the two-sided p-value from
  Student's t (the regularised incomplete beta function)."""

import math


def ks_2samp(a, b):
    """(D, p) for samples a and b."""
    a, b = sorted(a), sorted(b)
    n, m = len(a), len(b)
    i = j = 0
    d = 0.0
    while i < n and j < m:
        x = min(a[i], b[j])
        while i < n and a[i] == x:
            i += 1
        while j < m and b[j] == x:
            j += 1
        d = max(d, abs(i / n - j / m))
    en = math.sqrt(n * m / (n + m))
    return d, q_ks((en + 0.12 + 0.11 / en) * d)


def q_ks(lam):
    """P(K > lam) for the Kolmogorov distribution."""
    if lam < 0.2:
        return 1.0
    total, sign = 0.0, 1.0
    for j in range(1, 101):
        term = sign * math.exp(-2.0 * j * j * lam * lam)
        total += term
        if abs(term) < 1e-12 * abs(total) or abs(term) < 1e-300:
            return min(max(2.0 * total, 0.0), 1.0)
        sign = -sign
    return 1.0  # did not converge: only for tiny lam, where p is 1


def mean_var(x):
    n = len(x)
    mu = sum(x) / n
    return mu, (sum((v - mu) ** 2 for v in x) / (n - 1) if n > 1 else 0.0)


def welch(a, b):
    """(t, df, p) of Welch's two-sample t test, two-sided."""
    ma, va = mean_var(a)
    mb, vb = mean_var(b)
    sa, sb = va / len(a), vb / len(b)
    se2 = sa + sb
    if se2 == 0:  # both constant: equal or not, with certainty
        return (0.0, math.inf, 1.0) if ma == mb else (math.inf, math.inf, 0.0)
    t = (ma - mb) / math.sqrt(se2)
    den = (sa * sa / (len(a) - 1) if sa else 0.0) + (sb * sb / (len(b) - 1) if sb else 0.0)
    df = se2 * se2 / den
    return t, df, student_two_sided(t, df)


def student_two_sided(t, df):
    """P(|T| >= |t|) for Student's t with df degrees of freedom."""
    return betainc(df / 2.0, 0.5, df / (df + t * t))


def betainc(a, b, x):
    """The regularised incomplete beta function I_x(a, b)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    lbt = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    if x < (a + 1) / (a + b + 2):
        return math.exp(lbt) * _betacf(a, b, x) / a
    return 1.0 - math.exp(lbt) * _betacf(b, a, 1.0 - x) / b


def _betacf(a, b, x):
    """Continued fraction for the incomplete beta (modified Lentz)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 1000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-14:
            break
    return h
