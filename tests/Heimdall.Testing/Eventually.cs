using NUnit.Framework;

namespace Heimdall.Testing;

/// <summary>Polls a condition on real services until it holds or the timeout passes (then fails with the description).</summary>
public static class Eventually
{
    public static async Task<T> Get<T>(Func<Task<T>> probe, Func<T, bool> done, string description, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting for {description}; last value: {value}");
            }

            await Task.Delay(50);
        }
    }

    public static Task True(Func<bool> condition, string description, TimeSpan? timeout = null) =>
        Get(() => Task.FromResult(condition()), v => v, description, timeout);
}
