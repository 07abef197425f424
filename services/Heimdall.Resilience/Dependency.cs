namespace Heimdall.Resilience;

/// <summary>
/// An infrastructure dependency (PostgreSQL, the object store) and how to tell that an exception means it is unavailable
/// rather than that the work itself is wrong. Unavailability is retried briefly in process (<see cref="DependencyRetry"/>),
/// then waited out in the broker; every other exception is a real error. Each library that talks to a dependency
/// registers its <see cref="Dependency"/>, and the bus uses them all to decide what to wait out.
/// </summary>
public sealed record Dependency(string Name, Func<Exception, bool> IsUnavailable);
