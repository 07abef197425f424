-- Where each acquisition's transmitter is (additive): the Locator's estimate from the acquisition's GNSS-timed
-- recordings, one row per acquisition (upserted, so a redelivery or a rerun leaves the same row), with its pairs and
-- receivers. An acquisition that could not be located has a row too: status 'hyperbola' (two receivers: no point) or
-- 'not-located', and the reason. estimate holds the whole answer as the Locator computed it (the API's JSON); the
-- columns are what a query filters or sorts on. Written by the Locator alone. Same on plain PostgreSQL and TimescaleDB.
create table if not exists locations (
    acquisition_id   uuid primary key,
    status           text not null check (status in ('located', 'hyperbola', 'not-located')),
    reason           text,
    latitude         double precision check (latitude between -90 and 90),
    longitude        double precision check (longitude between -180 and 180),
    altitude_m       double precision,
    semi_major_m     double precision,
    semi_minor_m     double precision,
    orientation_deg  double precision,
    gdop             double precision,
    propagation      text not null,
    method           text not null,
    frequency_hz     double precision,
    stations_used    integer not null,
    stations_total   integer not null,
    estimate         jsonb not null,
    geojson_uri      text,
    compute_ms       double precision not null,
    located_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    constraint locations_point_has_ellipse check (
        (status = 'located') = (latitude is not null and longitude is not null and semi_major_m is not null and semi_minor_m is not null))
);

create index if not exists locations_located_at_idx on locations (located_at desc);

-- Every pair that was correlated: the delay at receiver b minus receiver a, its standard deviation, whether it was used.
create table if not exists location_pairs (
    acquisition_id   uuid not null references locations (acquisition_id) on delete cascade,
    receiver_a       text not null,
    receiver_b       text not null,
    receiver_id_a    integer,
    receiver_id_b    integer,
    delay_seconds    double precision,
    sigma_seconds    double precision,
    crlb_seconds     double precision,
    peak_ratio       double precision,
    used             boolean not null,
    reason           text,
    primary key (acquisition_id, receiver_a, receiver_b)
);

-- Every receiver of the acquisition: used or not, and why not.
create table if not exists location_stations (
    acquisition_id   uuid not null references locations (acquisition_id) on delete cascade,
    receiver_name    text not null,
    receiver_id      integer,
    used             boolean not null,
    reason           text,
    timing_source    text,
    latitude         double precision,
    longitude        double precision,
    primary key (acquisition_id, receiver_name)
);
