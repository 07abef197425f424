-- The role the services connect as (least privilege): it may log in, nothing else. The migrate service, connected as
-- the owner, grants it the rows of Heimdall's tables (MetricsWriter__ServiceRole). Local-development password only.
create role heimdall_app login nosuperuser nocreatedb nocreaterole noreplication password 'heimdall_app';
