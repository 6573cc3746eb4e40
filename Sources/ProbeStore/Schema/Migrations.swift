/// The database schema of SPEC §11, owned by this project: numbered migrations, each applied
/// once (`probe db migrate`), recorded in `probe_schema_migrations`.
///
/// Only what the writer needs is created; tables that already exist (the product's own) are
/// left as they are. Writing one result is the function `probe_write_result`, so that one
/// probe's result is one statement, one transaction and one round trip (DECISIONS D12).
enum Migrations {
    struct Migration: Sendable {
        let version: Int
        let name: String
        let sql: String
    }

    static let all: [Migration] = [
        Migration(version: 1, name: "runs, transcripts, probe_results", sql: tables),
        Migration(version: 2, name: "probe_write_result", sql: writeFunction),
    ]

    /// The newest version: a database at a lower one needs `probe db migrate`.
    static var latest: Int { all.map(\.version).max() ?? 0 }

    static let ledger = """
        CREATE TABLE IF NOT EXISTS probe_schema_migrations (
            version integer PRIMARY KEY,
            name text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        );
        """

    static let tables = """
        CREATE TABLE IF NOT EXISTS runs (
            id text PRIMARY KEY,
            progress jsonb NOT NULL DEFAULT '{"total": 0, "completed": 0, "failed": 0}',
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE IF NOT EXISTS transcripts (
            id text PRIMARY KEY,
            run_id text NOT NULL REFERENCES runs (id),
            scenario_id text NOT NULL,
            model_id text NOT NULL,
            model_version text,
            definition_snapshot jsonb,
            content jsonb NOT NULL,
            turn_count integer NOT NULL,
            token_count bigint NOT NULL,
            duration_ms bigint NOT NULL,
            estimated_cost double precision,
            created_at timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT transcripts_one_per_probe UNIQUE (run_id, scenario_id, model_id)
        );
        CREATE TABLE IF NOT EXISTS probe_results (
            id text PRIMARY KEY,
            run_id text NOT NULL REFERENCES runs (id),
            scenario_id text NOT NULL,
            model_id text NOT NULL,
            status text NOT NULL CHECK (status IN ('SUCCESS', 'FAILED')),
            transcript_id text REFERENCES transcripts (id),
            duration_ms bigint,
            input_tokens bigint NOT NULL DEFAULT 0,
            output_tokens bigint NOT NULL DEFAULT 0,
            error_code text,
            error_message text,
            retry_count integer NOT NULL DEFAULT 0,
            partial_content jsonb,
            created_at timestamptz NOT NULL DEFAULT now(),
            completed_at timestamptz,
            CONSTRAINT probe_results_one_per_probe UNIQUE (run_id, scenario_id, model_id)
        );
        """

    /// One result, by the rules of SPEC §11: a success replaces a failure (completed +1, failed
    /// −1); a failure never replaces a success; the same outcome again changes nothing. Writers
    /// of one probe take turns (a transaction-scoped advisory lock on its three ids), so each
    /// sees the row the one before left; writers of other probes of the same run go on in
    /// parallel until the run's progress is updated, last, as an increment under the row's lock.
    /// Returns `inserted`, `replaced` or `unchanged`.
    static let writeFunction = """
        CREATE OR REPLACE FUNCTION probe_write_result(
            p_result_id text, p_transcript_id text, p_run_id text, p_scenario_id text, p_model_id text,
            p_status text, p_model_version text, p_definition_snapshot jsonb, p_content jsonb,
            p_turn_count integer, p_token_count bigint, p_duration_ms bigint, p_estimated_cost double precision,
            p_input_tokens bigint, p_output_tokens bigint, p_error_code text, p_error_message text,
            p_retry_count integer, p_completed_at timestamptz, p_partial_content jsonb
        ) RETURNS text LANGUAGE plpgsql AS $$
        DECLARE
            previous_id text;
            previous_status text;
            transcript text;
        BEGIN
            IF p_status NOT IN ('SUCCESS', 'FAILED') THEN
                RAISE EXCEPTION 'probe_write_result: status must be SUCCESS or FAILED, not %', p_status;
            END IF;
            PERFORM pg_advisory_xact_lock(hashtextextended(
                p_run_id || chr(31) || p_scenario_id || chr(31) || p_model_id, 4242170611));
            INSERT INTO runs (id) VALUES (p_run_id) ON CONFLICT (id) DO NOTHING;
            SELECT id, status INTO previous_id, previous_status FROM probe_results
                WHERE run_id = p_run_id AND scenario_id = p_scenario_id AND model_id = p_model_id;
            IF previous_id IS NOT NULL AND (previous_status = 'SUCCESS' OR p_status = 'FAILED') THEN
                RETURN 'unchanged';
            END IF;
            IF p_status = 'FAILED' THEN
                INSERT INTO probe_results (id, run_id, scenario_id, model_id, status, duration_ms, input_tokens,
                        output_tokens, error_code, error_message, retry_count, partial_content, completed_at)
                    VALUES (p_result_id, p_run_id, p_scenario_id, p_model_id, 'FAILED', p_duration_ms,
                        p_input_tokens, p_output_tokens, p_error_code, p_error_message, p_retry_count,
                        p_partial_content, p_completed_at);
                UPDATE runs SET updated_at = now(), progress = COALESCE(progress, '{}'::jsonb)
                        || jsonb_build_object('failed', COALESCE((progress ->> 'failed')::bigint, 0) + 1)
                    WHERE id = p_run_id;
                RETURN 'inserted';
            END IF;
            INSERT INTO transcripts (id, run_id, scenario_id, model_id, model_version, definition_snapshot,
                    content, turn_count, token_count, duration_ms, estimated_cost)
                VALUES (p_transcript_id, p_run_id, p_scenario_id, p_model_id, p_model_version,
                    p_definition_snapshot, p_content, p_turn_count, p_token_count, p_duration_ms, p_estimated_cost)
                ON CONFLICT ON CONSTRAINT transcripts_one_per_probe DO NOTHING
                RETURNING id INTO transcript;
            IF transcript IS NULL THEN
                SELECT id INTO transcript FROM transcripts
                    WHERE run_id = p_run_id AND scenario_id = p_scenario_id AND model_id = p_model_id;
            END IF;
            IF previous_id IS NULL THEN
                INSERT INTO probe_results (id, run_id, scenario_id, model_id, status, transcript_id, duration_ms,
                        input_tokens, output_tokens, retry_count, completed_at)
                    VALUES (p_result_id, p_run_id, p_scenario_id, p_model_id, 'SUCCESS', transcript, p_duration_ms,
                        p_input_tokens, p_output_tokens, p_retry_count, p_completed_at);
                UPDATE runs SET updated_at = now(), progress = COALESCE(progress, '{}'::jsonb)
                        || jsonb_build_object('completed', COALESCE((progress ->> 'completed')::bigint, 0) + 1)
                    WHERE id = p_run_id;
                RETURN 'inserted';
            END IF;
            UPDATE probe_results SET status = 'SUCCESS', transcript_id = transcript, duration_ms = p_duration_ms,
                    input_tokens = p_input_tokens, output_tokens = p_output_tokens, error_code = NULL,
                    error_message = NULL, retry_count = p_retry_count, partial_content = NULL,
                    completed_at = p_completed_at
                WHERE id = previous_id;
            UPDATE runs SET updated_at = now(), progress = COALESCE(progress, '{}'::jsonb)
                    || jsonb_build_object('completed', COALESCE((progress ->> 'completed')::bigint, 0) + 1,
                                          'failed', COALESCE((progress ->> 'failed')::bigint, 0) - 1)
                WHERE id = p_run_id;
            RETURN 'replaced';
        END;
        $$;
        """
}
