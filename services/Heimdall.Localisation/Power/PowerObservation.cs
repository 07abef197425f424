using Heimdall.Localisation.Geodesy;

namespace Heimdall.Localisation.Power;

/// <summary>
/// One untimed receiver's calibrated received power (a measurement's <c>power_dbm</c>: <c>power_dbfs</c> plus the
/// receiver's <c>calibration_db</c>) at its position, with the measurement's own standard uncertainty
/// (<c>power_sigma_db</c>; 0 when none was stated). A receiver without calibration has no dBm and cannot be used.
/// </summary>
public sealed record PowerObservation(string Name, GeoPosition Position, double? PowerDbm, double PowerSigmaDb = 0);
