package store

import (
	"fmt"
	"time"
)

// timeLayout is how timestamps are written: UTC with exactly six fractional digits, so SQLite
// can compare and sort them as text and PostgreSQL's timestamptz (microsecond precision)
// reads them as the same instant.
const timeLayout = "2006-01-02T15:04:05.000000Z"

// tv is the database value of t: NULL for the zero time, else UTC truncated to microseconds.
func tv(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(timeLayout)
}

// micro returns t in UTC truncated to microseconds (the zero time stays zero), which is what
// a stored timestamp reads back as in both databases.
func micro(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC().Truncate(time.Microsecond)
}

// scanTime reads a timestamp column into t: PostgreSQL gives a time.Time, SQLite the text
// written by tv, and NULL is the zero time.
type scanTime struct{ t *time.Time }

func (s scanTime) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*s.t = time.Time{}
	case time.Time:
		*s.t = v.UTC()
	case string:
		return s.parse(v)
	case []byte:
		return s.parse(string(v))
	default:
		return fmt.Errorf("store: cannot scan %T as a timestamp", src)
	}
	return nil
}

func (s scanTime) parse(v string) error {
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return fmt.Errorf("store: bad timestamp %q: %w", v, err)
	}
	*s.t = t.UTC()
	return nil
}
