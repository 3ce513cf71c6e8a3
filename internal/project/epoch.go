package project

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// MaxEpoch is the last second of the year 9999, the last a PDF date holds.
const MaxEpoch = 253402300799

// SourceDateEpoch reads SOURCE_DATE_EPOCH, the reproducible-builds
// convention for "now": set reports whether it is set at all, and err
// whether its value is not whole seconds from 1970 to the end of 9999.
func SourceDateEpoch() (t time.Time, set bool, err error) {
	e, ok := os.LookupEnv("SOURCE_DATE_EPOCH")
	if !ok || strings.TrimSpace(e) == "" {
		return time.Time{}, false, nil
	}
	n, perr := strconv.ParseInt(strings.TrimSpace(e), 10, 64)
	if perr != nil || n < 0 || n > MaxEpoch {
		return time.Time{}, true, fmt.Errorf("SOURCE_DATE_EPOCH=%q is not a time from 1970 to 9999 (seconds since 1970, 0 to %d)", e, MaxEpoch)
	}
	return time.Unix(n, 0).UTC(), true, nil
}
