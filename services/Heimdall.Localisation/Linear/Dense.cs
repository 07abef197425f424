namespace Heimdall.Localisation.Linear;

/// <summary>The few dense matrix operations the solver needs, on small matrices (a handful of unknowns, tens of pairs).</summary>
internal static class Dense
{
    public static double[,] Identity(int n)
    {
        var m = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            m[i, i] = 1;
        }

        return m;
    }

    /// <summary>Aᵀ·W·A for A (m×n) and symmetric W (m×m).</summary>
    public static double[,] TransposeTimesWeightedTimes(double[,] a, double[,] w)
    {
        int m = a.GetLength(0), n = a.GetLength(1);
        var wa = Multiply(w, a);
        var result = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double sum = 0;
                for (var k = 0; k < m; k++)
                {
                    sum += a[k, i] * wa[k, j];
                }

                result[i, j] = sum;
            }
        }

        return result;
    }

    /// <summary>Aᵀ·W·r for A (m×n), symmetric W (m×m), r (m).</summary>
    public static double[] TransposeTimesWeightedTimes(double[,] a, double[,] w, double[] r)
    {
        int m = a.GetLength(0), n = a.GetLength(1);
        var wr = Multiply(w, r);
        var result = new double[n];
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k < m; k++)
            {
                result[i] += a[k, i] * wr[k];
            }
        }

        return result;
    }

    public static double[,] Transpose(double[,] a)
    {
        var t = new double[a.GetLength(1), a.GetLength(0)];
        for (var i = 0; i < a.GetLength(0); i++)
        {
            for (var j = 0; j < a.GetLength(1); j++)
            {
                t[j, i] = a[i, j];
            }
        }

        return t;
    }

    public static double[,] Multiply(double[,] a, double[,] b)
    {
        int m = a.GetLength(0), n = a.GetLength(1), p = b.GetLength(1);
        var result = new double[m, p];
        for (var i = 0; i < m; i++)
        {
            for (var k = 0; k < n; k++)
            {
                var aik = a[i, k];
                if (aik == 0)
                {
                    continue;
                }

                for (var j = 0; j < p; j++)
                {
                    result[i, j] += aik * b[k, j];
                }
            }
        }

        return result;
    }

    public static double[] Multiply(double[,] a, double[] x)
    {
        int m = a.GetLength(0), n = a.GetLength(1);
        var result = new double[m];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                result[i] += a[i, j] * x[j];
            }
        }

        return result;
    }

    /// <summary>xᵀ·A·x.</summary>
    public static double Quadratic(double[,] a, double[] x)
    {
        var ax = Multiply(a, x);
        double sum = 0;
        for (var i = 0; i < x.Length; i++)
        {
            sum += x[i] * ax[i];
        }

        return sum;
    }

    /// <summary>The inverse of a symmetric positive definite matrix by Cholesky; null when it is not positive definite.</summary>
    public static double[,]? InverseSpd(double[,] a)
    {
        var n = a.GetLength(0);
        var l = new double[n, n];
        for (var j = 0; j < n; j++)
        {
            var diagonal = a[j, j];
            for (var k = 0; k < j; k++)
            {
                diagonal -= l[j, k] * l[j, k];
            }

            if (!(diagonal > 0) || !double.IsFinite(diagonal))
            {
                return null;
            }

            l[j, j] = Math.Sqrt(diagonal);
            for (var i = j + 1; i < n; i++)
            {
                var sum = a[i, j];
                for (var k = 0; k < j; k++)
                {
                    sum -= l[i, k] * l[j, k];
                }

                l[i, j] = sum / l[j, j];
            }
        }

        // L⁻¹ by forward substitution, then A⁻¹ = L⁻ᵀ L⁻¹.
        var li = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            li[i, i] = 1 / l[i, i];
            for (var j = 0; j < i; j++)
            {
                double sum = 0;
                for (var k = j; k < i; k++)
                {
                    sum -= l[i, k] * li[k, j];
                }

                li[i, j] = sum / l[i, i];
            }
        }

        var inverse = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                double sum = 0;
                for (var k = i; k < n; k++)
                {
                    sum += li[k, i] * li[k, j];
                }

                inverse[i, j] = sum;
                inverse[j, i] = sum;
            }
        }

        return inverse;
    }

    /// <summary>
    /// M·C·M with M = I − 11ᵀ/n: a covariance of quantities known only up to a common offset, in the gauge where the
    /// offsets sum to zero (row and column means removed).
    /// </summary>
    public static double[,] Centre(double[,] c)
    {
        var n = c.GetLength(0);
        var row = new double[n];
        double all = 0;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                row[i] += c[i, j] / n;
                all += c[i, j] / (n * n);
            }
        }

        var centred = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                centred[i, j] = c[i, j] - row[i] - row[j] + all;
            }
        }

        return centred;
    }

    /// <summary>Adds <paramref name="ridge"/> × (mean of the diagonal) to the diagonal, so that a rank-deficient covariance can be inverted.</summary>
    public static double[,] WithRidge(double[,] a, double ridge)
    {
        var n = a.GetLength(0);
        var copy = (double[,])a.Clone();
        double mean = 0;
        for (var i = 0; i < n; i++)
        {
            mean += a[i, i] / n;
        }

        for (var i = 0; i < n; i++)
        {
            copy[i, i] += ridge * mean;
        }

        return copy;
    }
}
