-- GET /events?recordedFrom=&recordedTo= (what changed between two knownAt's): recorded_at grows with the sequence,
-- so a BRIN index finds a window's blocks at almost no cost to each append, unlike a B-tree over every row.
create index event_store_recorded on event_store using brin (recorded_at);
