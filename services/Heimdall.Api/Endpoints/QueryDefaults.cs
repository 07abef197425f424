namespace Heimdall.Api.Endpoints;

/// <summary>The defaults and bounds of the query parameters: what the endpoints apply and the OpenAPI document states.</summary>
internal static class QueryDefaults
{
    /// <summary>Rows per page of <c>/api/measurements/recent</c>.</summary>
    public const int RecentLimit = 100;

    /// <summary>Rows of <c>/api/acquisitions</c>.</summary>
    public const int AcquisitionLimit = 50;

    /// <summary>Rows of <c>/api/locations</c>.</summary>
    public const int LocationLimit = 50;

    /// <summary>Hours back when neither <c>hours</c> nor <c>from</c>/<c>to</c> is given.</summary>
    public const double Hours = 24;

    public const double BucketMinutes = 60;

    /// <summary>The widest drift bucket: 31 days.</summary>
    public const double MaxBucketMinutes = 24 * 60 * 31;

    /// <summary>The most buckets a drift series may have per receiver.</summary>
    public const int MaxBuckets = 5000;

    /// <summary>Days of <c>olderThanDays</c>: at least one.</summary>
    public const int MinRetentionDays = 1;

    /// <summary>Bins of a recording's spectrum (a power of two), by default and at most.</summary>
    public const int SpectrumBins = 512;

    public const int MinSpectrumBins = 16;

    public const int MaxSpectrumBins = 4096;

    /// <summary>Waterfall rows of a recording's spectrum, by default and at most.</summary>
    public const int SpectrumRows = 100;

    public const int MaxSpectrumRows = 1000;

    /// <summary>Hours of a receiver's health history: a week by default.</summary>
    public const double HealthHours = 24 * 7;
}
