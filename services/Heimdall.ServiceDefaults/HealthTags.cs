namespace Heimdall.ServiceDefaults;

/// <summary>
/// Health-check tags. <c>/health/live</c> runs only the checks tagged <see cref="Live"/>; <c>/health/ready</c> runs every
/// other registered check (PostgreSQL, S3, the bus: each library registers its own, untagged).
/// </summary>
public static class HealthTags
{
    public const string Live = "live";
}
