-- Acquisitions requested through the API (additive). The API records the request here before it publishes
-- AcquisitionRequested, so that the Location of its 202 answers at once: until the acquisition has a row of
-- acquisitions (written by its lifecycle owner, the MetricsWriter, once the Acquirer started or rejected it),
-- GET /api/acquisitions/{id} shows it as 'requested' from this row. Nothing but the API reads or writes this table.
-- Same on plain PostgreSQL and TimescaleDB.
create table if not exists acquisition_requests (
    acquisition_id   uuid primary key,
    requested_at     timestamptz not null default now(),
    frequency_hz     double precision not null,
    sample_rate_hz   double precision,
    duration_seconds double precision not null,
    start_at         timestamptz not null,
    receiver_ids     integer[] not null,
    requested_by     text
);

create index if not exists acquisition_requests_requested_at_idx on acquisition_requests (requested_at desc);
