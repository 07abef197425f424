using Heimdall.Resilience;
using MassTransit;

namespace Heimdall.Messaging;

/// <summary>
/// Which faults mean the broker is unavailable: a publish or send while RabbitMQ is restarting or unreachable. MassTransit
/// reconnects by itself; a consumer that was publishing waits it out (<see cref="OutagePolicy.WaitOutAsync"/>), and the
/// broker redelivers the message it was consuming, since its acknowledgement could not reach the broker either.
/// </summary>
public static class BrokerFaults
{
    public static Dependency Dependency { get; } = new("RabbitMQ", IsUnavailable);

    public static bool IsUnavailable(Exception exception) => exception switch
    {
        RabbitMqConnectionException => true,
        RabbitMQ.Client.Exceptions.BrokerUnreachableException or RabbitMQ.Client.Exceptions.AlreadyClosedException => true,
        RabbitMQ.Client.Exceptions.OperationInterruptedException => true,
        MassTransitException { InnerException: { } inner } => IsUnavailable(inner),
        AggregateException { InnerExceptions: [var only] } => IsUnavailable(only),
        _ => false,
    };
}
