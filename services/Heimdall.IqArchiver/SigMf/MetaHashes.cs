using Microsoft.Extensions.Caching.Memory;

namespace Heimdall.IqArchiver.SigMf;

/// <summary>
/// SHA-512 of the .sigmf-meta files this instance wrote recently, so the collection does not have to read every meta
/// back from the object store. A miss (another replica, a restart) falls back to reading the object.
/// </summary>
public sealed class MetaHashes(IMemoryCache cache)
{
    private static readonly MemoryCacheEntryOptions Entry = new() { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(30) };

    public void Remember(Guid acquisitionId, int receiverId, string sha512) => cache.Set((acquisitionId, receiverId), sha512, Entry);

    public string? Find(Guid acquisitionId, int receiverId) => cache.TryGetValue((acquisitionId, receiverId), out string? sha512) ? sha512 : null;
}
