"""SQL for the database-level rules the application must not be able to bypass."""

ACCESS_LOG_MESSAGE = "core_accesslog is append-only: rows cannot be changed or deleted"

POSTGRES_ACCESS_LOG = f"""
CREATE OR REPLACE FUNCTION core_accesslog_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{ACCESS_LOG_MESSAGE}' USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS core_accesslog_append_only ON core_accesslog;
CREATE TRIGGER core_accesslog_append_only BEFORE UPDATE OR DELETE ON core_accesslog
    FOR EACH ROW EXECUTE FUNCTION core_accesslog_refuse_change();
"""

SQLITE_NO_UPDATE = f"""CREATE TRIGGER IF NOT EXISTS core_accesslog_no_update BEFORE UPDATE ON core_accesslog
    BEGIN SELECT RAISE(ABORT, '{ACCESS_LOG_MESSAGE}'); END"""
SQLITE_NO_DELETE = f"""CREATE TRIGGER IF NOT EXISTS core_accesslog_no_delete BEFORE DELETE ON core_accesslog
    BEGIN SELECT RAISE(ABORT, '{ACCESS_LOG_MESSAGE}'); END"""
