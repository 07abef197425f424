#!/usr/bin/env bash
# Compression of chunks older than 7 days on a realistic 30-day dataset (docs/timescaledb.md, Measured):
# 7 receivers, one acquisition every 10 s, measurement noise on the metrics, real iq_uri and SHA-512 values.
#   eval "$(deploy/local/stack.sh env)"; tests/Heimdall.Benchmarks/compression.sh [DAYS] [SECONDS_BETWEEN_ACQUISITIONS]
# Needs the local stack with TimescaleDB and a built MetricsWriter (./heimdall demo or dotnet build -c Release).
set -euo pipefail
REPO_ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)"
days="${1:-30}" every="${2:-10}"
owner="${HEIMDALL_POSTGRES_OWNER:?eval \"\$(deploy/local/stack.sh env)\" first}"
db="heimdall_compression_$(date +%s)"
url="postgresql://heimdall:heimdall@127.0.0.1:5432"
psql -X -q "$url/postgres" -c "create database $db"
trap 'psql -X -q "$url/postgres" -c "drop database if exists $db with (force)"' EXIT
ConnectionStrings__Heimdall="${owner/Database=heimdall/Database=$db}" MetricsWriter__TimescaleDb=Required \
  dotnet "$REPO_ROOT/services/Heimdall.MetricsWriter/bin/Release/net10.0/Heimdall.MetricsWriter.dll" migrate | tail -n 1
echo "seeding $days days, one acquisition every $every s, 7 receivers"
psql -X -q "$url/$db" <<SQL
insert into measurements (acquisition_id, receiver_id, captured_at, frequency_hz, sample_rate_hz, sample_count, signal_detected,
    snr_db, frequency_offset_hz, power_dbfs, power_dbm, noise_floor_dbfs_hz, peak_psd_dbfs_hz, occupied_bandwidth_hz,
    clipping_fraction, iq_uri, iq_sha512, timing_source)
select a.id, r, a.t + r * interval '1 millisecond', 145.5e6, 12000, 12000, true,
       20 + r + random() * 2, -80 + r * 10 + random() * 0.2, -40 - r + random(), -100 - r + random(), -110 + random() * 0.5,
       -60 + random(), 1500 + random() * 100, 0,
       's3://heimdall-raw-iq/acquisitions/' || a.id || '/' || r || '.sigmf-data', encode(sha512((a.id::text || r)::bytea), 'hex'), 'host-clock'
from (select gen_random_uuid() as id, now() - s * interval '$every seconds' as t from generate_series(0, $days * 86400 / $every) s) a
cross join generate_series(1, 7) r;
SQL
echo "compressing the chunks older than 7 days"
psql -X -q -At "$url/$db" -c "select count(compress_chunk(c)) || ' chunks compressed' from show_chunks('measurements', older_than => interval '7 days') c"
psql -X "$url/$db" <<'SQL'
select count(*) as rows_in_compressed_chunks from measurements where captured_at < now() - interval '8 days';
select pg_size_pretty(sum(before_compression_total_bytes)) as before, pg_size_pretty(sum(after_compression_total_bytes)) as after,
       round(sum(before_compression_total_bytes)::numeric / sum(after_compression_total_bytes), 2) as ratio
from chunk_compression_stats('measurements') where compression_status = 'Compressed';
SQL
chunk="$(psql -X -At "$url/$db" -c "select format('%I.%I', c.schema_name, c.table_name) from _timescaledb_catalog.chunk c join _timescaledb_catalog.chunk p on p.compressed_chunk_id = c.id order by p.id limit 1")"
echo "bytes per row of one compressed day, by column:"
psql -X "$url/$db" -c "select round(sum(pg_column_size(iq_sha512))::numeric / sum(_ts_meta_count)) as iq_sha512, round(sum(pg_column_size(iq_uri))::numeric / sum(_ts_meta_count)) as iq_uri, round(sum(pg_column_size(acquisition_id))::numeric / sum(_ts_meta_count)) as acquisition_id, round(sum(pg_column_size(snr_db) + pg_column_size(frequency_offset_hz) + pg_column_size(power_dbfs) + pg_column_size(power_dbm) + pg_column_size(noise_floor_dbfs_hz) + pg_column_size(peak_psd_dbfs_hz) + pg_column_size(occupied_bandwidth_hz))::numeric / sum(_ts_meta_count)) as seven_doubles from $chunk"
