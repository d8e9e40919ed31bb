-- The API may have changed: tell PostgREST to reload its schema cache. The
-- notification is delivered when the build (or deploy) commits, never for a
-- build that rolls back. postgrest/<app>.conf listens on this channel.
notify pgrst, 'reload schema';
