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

    /// <summary>The extension of a 401 or 403 problem that says why: <see cref="MissingKey"/>, <see cref="UnknownKey"/> or <see cref="ReadOnlyKey"/>.</summary>
    public const string ReasonExtension = "reason";

    /// <summary>401: no key was sent where one is needed.</summary>
    public const string MissingKey = "missing-key";

    /// <summary>401: the key sent is none of <c>Api:Keys</c> or <c>Api:ReadKeys</c> (also for a read when anonymous reads are open).</summary>
    public const string UnknownKey = "unknown-key";

    /// <summary>403: a key of <c>Api:ReadKeys</c> sent for a write.</summary>
    public const string ReadOnlyKey = "read-only-key";
}

/// <summary>The authorization policies of the endpoints.</summary>
public static class ApiPolicies
{
    /// <summary>GET: any key, or nobody at all when <c>Api:AllowAnonymousReads</c>.</summary>
    public const string Read = "heimdall-read";

    /// <summary>Everything that changes state: a key of <c>Api:Keys</c> (a read-only key is 403).</summary>
    public const string Write = "heimdall-write";
}
