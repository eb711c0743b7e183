package ingest

import (
	"context"
	"database/sql"

	"cchc"
)

// EnsureSchema creates the raw schema and tables if they do not exist, and
// the views of the disagreements between sources (cchc.EnsureRawSchema).
func EnsureSchema(ctx context.Context, db *sql.DB) error { return cchc.EnsureRawSchema(ctx, db) }
