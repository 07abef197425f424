namespace Heimdall.Api.Contracts;

/// <summary>
/// A recording's power spectrum and waterfall, computed by Heimdall from the archived samples (<c>GET
/// /api/acquisitions/{id}/recordings/{receiverId}/spectrum</c>). Bin i is centred on <see cref="FirstBinHz"/> + i·<see cref="BinWidthHz"/>.
/// </summary>
public sealed record RecordingSpectrum(
    Guid AcquisitionId,
    int ReceiverId,
    string Datatype,
    double CenterFrequencyHz,
    double SampleRateHz,
    long SampleCount,
    double DurationSeconds,
    int Bins,
    double BinWidthHz,
    double FirstBinHz,
    int SegmentCount,
    IReadOnlyList<double> PsdDbfsPerHz,
    SpectrumWaterfall Waterfall,
    string DataETag,
    string? Sha512);

/// <summary>
/// The waterfall: <see cref="Rows"/> × <see cref="Bins"/> densities, oldest row first, each quantised to one byte q:
/// dBFS/Hz = <see cref="OffsetDb"/> + q·<see cref="ScaleDb"/>; <see cref="Data"/> holds the bytes row-major in base64.
/// </summary>
public sealed record SpectrumWaterfall(
    int Rows,
    int Bins,
    IReadOnlyList<double> RowStartSeconds,
    double RowSeconds,
    string Encoding,
    double OffsetDb,
    double ScaleDb,
    string Data);
