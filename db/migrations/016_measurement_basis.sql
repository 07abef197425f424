-- Receivers without time stamps or without IQ (additive, issue 20): SpyServer as a receiver kind, and what each
-- measurement was made from with its standard uncertainties. Same on plain PostgreSQL and TimescaleDB: the new
-- measurement columns are nullable without a default, which a hypertable with compressed chunks takes as it is.

-- spyserver: an Airspy SpyServer (IQ, host-clock timing). openwebrx already was a kind; it has a driver now.
alter table receivers drop constraint if exists receivers_kind_check;
alter table receivers add constraint receivers_kind_check
    check (kind in ('simulated', 'kiwisdr', 'openwebrx', 'rtl_tcp', 'file', 'spyserver'));

-- iq (complex samples of the band), audio (a server's demodulated sideband with its S-meter: OpenWebRX) or spectrum (a
-- server's FFT lines); NULL for rows stored before the field, which were all measured on IQ.
alter table measurements add column if not exists basis text;

-- One-sigma uncertainties of snr_db (dB), frequency_offset_hz (Hz) and power_dbfs (dB); NULL where there is no such
-- figure (no signal: no SNR or offset) and for rows stored before the fields.
alter table measurements add column if not exists snr_sigma_db double precision;
alter table measurements add column if not exists frequency_offset_sigma_hz double precision;
alter table measurements add column if not exists power_sigma_db double precision;
