-- Indexes only the answers read (Projection.readIndexDdl): a rebuild creates them after it has caught up.
create index trade_report_reporter on trade_report (reporter, period_start);
create index route_registration_route on route_registration (route_id);
create index route_status_route on route_status (route_id);
create index shipment_exporter on shipment (exporter, commodity, occurred);
create index shipment_sequence on shipment (sequence);
-- in the order an exposure lists the reported shares, with what it shows: a busy exporter's hundreds are read
-- from the index in order, not fetched from the table and sorted
create index export_share_exporter on export_share (exporter, commodity, period_start, dimension, key)
    include (share, period, period_end);
