using System.Globalization;
using Heimdall.Contracts;
using Heimdall.Domain.Receivers;
using Microsoft.Extensions.Options;

namespace Heimdall.Domain.Acquisitions;

/// <summary>
/// Checks every rule of AcquisitionRequested (docs/contracts.md) and reports all broken ones at once, each naming its field. A request either yields a
/// plan or a list of reasons, never both. The Acquirer decides with it; the API answers with it before publishing.
/// </summary>
public sealed class RequestValidator(IOptions<AcquisitionRules> options, TimeProvider clock)
{
    public const int MaxRequestedByLength = 200;

    public (AcquisitionPlan? Plan, IReadOnlyList<string> Reasons) Validate(AcquisitionRequested request, IReadOnlyList<Receiver> receivers)
    {
        var settings = options.Value;
        var reasons = new List<string>();
        var now = clock.GetUtcNow();

        if (!(request.FrequencyHz > 0) || !double.IsFinite(request.FrequencyHz))
        {
            reasons.Add(Format($"frequencyHz is required and must be > 0 (got {request.FrequencyHz})."));
        }

        if (!(request.DurationSeconds > 0) || request.DurationSeconds > settings.MaxDurationSeconds)
        {
            reasons.Add(Format($"durationSeconds is required and must be > 0 and ≤ {settings.MaxDurationSeconds} (got {request.DurationSeconds})."));
        }

        if (request.SampleRateHz is { } rate && (!(rate > 0) || !double.IsFinite(rate)))
        {
            reasons.Add(Format($"sampleRateHz must be > 0 when given (got {rate})."));
        }

        var startAt = now;
        if (request.StartAtUtc is { } requestedStart)
        {
            var lead = (requestedStart - now).TotalSeconds;
            if (lead < -settings.StartToleranceSeconds)
            {
                reasons.Add(Format($"startAtUtc {requestedStart.UtcDateTime:O} is {-lead:0.#} s in the past (tolerance {settings.StartToleranceSeconds} s): the request has expired."));
            }
            else if (lead > settings.MaxStartLeadSeconds)
            {
                reasons.Add(Format($"startAtUtc {requestedStart.UtcDateTime:O} is {lead:0} s ahead, more than the maximum lead of {settings.MaxStartLeadSeconds} s."));
            }
            else if (lead > 0)
            {
                startAt = requestedStart;
            }
        }

        if (request.RequestedBy is { Length: > MaxRequestedByLength } requestedBy)
        {
            reasons.Add(Format($"requestedBy is {requestedBy.Length} characters long; at most {MaxRequestedByLength} are allowed."));
        }

        var selected = SelectReceivers(request, receivers, reasons);
        if (request.DurationSeconds > 0)
        {
            foreach (var group in selected.GroupBy(r => request.SampleRateHz ?? r.SampleRateHz).Where(g => g.Key * request.DurationSeconds > settings.MaxSamplesPerCapture))
            {
                var who = request.SampleRateHz is null ? $" (native rate of receivers {string.Join(", ", group.Select(r => r.ReceiverId))})" : "";
                reasons.Add(Format($"sampleRateHz × durationSeconds = {group.Key:0} × {request.DurationSeconds} = {group.Key * request.DurationSeconds:0} samples{who}, more than the {settings.MaxSamplesPerCapture} allowed per capture."));
            }
        }

        if (reasons.Count > 0)
        {
            return (null, reasons);
        }

        return (new AcquisitionPlan(request.AcquisitionId, request.FrequencyHz, request.DurationSeconds, request.SampleRateHz,
            startAt, selected, request.RequestedBy), reasons);
    }

    private static List<Receiver> SelectReceivers(AcquisitionRequested request, IReadOnlyList<Receiver> receivers, List<string> reasons)
    {
        var frequencyValid = request.FrequencyHz > 0 && double.IsFinite(request.FrequencyHz);
        if (request.ReceiverIds is not { Length: > 0 } ids)
        {
            var covering = receivers.Where(r => r.Enabled && (!frequencyValid || r.Covers(request.FrequencyHz))).ToList();
            if (frequencyValid && covering.Count == 0)
            {
                reasons.Add(Format($"frequencyHz {request.FrequencyHz} Hz is not covered by any enabled receiver."));
            }

            return covering;
        }

        var byId = receivers.ToDictionary(r => r.ReceiverId);
        var unknown = ids.Where(id => !byId.ContainsKey(id)).Distinct().ToList();
        if (unknown.Count > 0)
        {
            reasons.Add($"receiverIds: unknown receiver{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Take(20))}{(unknown.Count > 20 ? ", …" : "")}.");
        }

        var chosen = ids.Distinct().Where(byId.ContainsKey).Select(id => byId[id]).ToList();
        foreach (var receiver in chosen.Where(r => !r.Enabled))
        {
            reasons.Add($"receiverIds: {receiver} is disabled.");
        }

        if (frequencyValid)
        {
            foreach (var receiver in chosen.Where(r => r.Enabled && !r.Covers(request.FrequencyHz)))
            {
                reasons.Add(Format($"frequencyHz {request.FrequencyHz} Hz is outside the coverage of {receiver} ({receiver.DescribeCoverage()})."));
            }
        }

        return chosen;
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
