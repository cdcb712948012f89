-- The name of the API key that wrote each event, as the gateway vouches for it (the name, never the
-- key or its hash); shown to admins beside the request id. Null for events stored before this column
-- existed and for writes that did not come through the gateway.
alter table event_store add column written_by text;
