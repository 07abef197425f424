-- One row per receiver per acquisition: the metrics of the capture and where its IQ is archived.
create table if not exists measurements (
    acquisition_id        uuid not null,
    receiver_id           integer not null,
    captured_at           timestamptz not null,
    frequency_hz          double precision not null,
    sample_rate_hz        double precision not null,
    sample_count          bigint not null,
    snr_db                double precision not null,
    frequency_offset_hz   double precision not null,
    power_dbfs            double precision not null,
    power_dbm             double precision,
    noise_floor_dbfs_hz   double precision not null,
    peak_psd_dbfs_hz      double precision not null,
    occupied_bandwidth_hz double precision not null,
    clipping_fraction     double precision not null,
    iq_uri                text not null,
    iq_sha512             text not null,
    inserted_at           timestamptz not null default now(),
    primary key (acquisition_id, receiver_id, captured_at)
);

create index if not exists measurements_receiver_time_idx on measurements (receiver_id, captured_at desc);
create index if not exists measurements_frequency_time_idx on measurements (frequency_hz, captured_at desc);
