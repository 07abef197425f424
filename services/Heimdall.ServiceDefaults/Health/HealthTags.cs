namespace Heimdall.ServiceDefaults;

public static class HealthTags
{
    public const string Live = "live";
    public const string Ready = "ready";
}
