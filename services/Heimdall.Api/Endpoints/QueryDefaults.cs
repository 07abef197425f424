namespace Heimdall.Api.Endpoints;

/// <summary>The defaults and bounds of the query parameters: what the endpoints apply and the OpenAPI document states.</summary>
internal static class QueryDefaults
{
    /// <summary>Rows per page of <c>/api/measurements/recent</c>.</summary>
    public const int RecentLimit = 100;

    /// <summary>Rows of <c>/api/acquisitions</c>.</summary>
    public const int AcquisitionLimit = 50;

    /// <summary>Hours back when neither <c>hours</c> nor <c>from</c>/<c>to</c> is given.</summary>
    public const double Hours = 24;

    public const double BucketMinutes = 60;

    /// <summary>The widest drift bucket: 31 days.</summary>
    public const double MaxBucketMinutes = 24 * 60 * 31;

    /// <summary>The most buckets a drift series may have per receiver.</summary>
    public const int MaxBuckets = 5000;

    /// <summary>Days of <c>olderThanDays</c>: at least one.</summary>
    public const int MinRetentionDays = 1;
}
