namespace Heimdall.Api.Security;

/// <summary>The API-key scheme: the key in the <c>X-Api-Key</c> header, as machine clients send it.</summary>
public static class ApiKeyDefaults
{
    public const string Scheme = "ApiKey";
    public const string Header = "X-Api-Key";

    /// <summary>The claim naming what a key may do: <see cref="WriteScope"/> or <see cref="ReadScope"/>.</summary>
    public const string ScopeClaim = "heimdall:scope";

    public const string ReadScope = "read";
    public const string WriteScope = "write";
}

/// <summary>The authorization policies of the endpoints.</summary>
public static class ApiPolicies
{
    /// <summary>GET: any key, or nobody at all when <c>Api:AllowAnonymousReads</c>.</summary>
    public const string Read = "heimdall-read";

    /// <summary>Everything that changes state: a key of <c>Api:Keys</c> (a read-only key is 403).</summary>
    public const string Write = "heimdall-write";
}
