package output

// BeforeRename, when not nil, is called by WriteFile once the temporary
// file tmp holds the complete new content (written, synced, closed) and
// before it is renamed over final. An error it returns fails WriteFile at
// that point, as a failing rename would.
//
// It exists for tests: it injects a failure between writing and renaming,
// which file permissions cannot do when the tests run as root (as CI
// does), and lets a test look at both files at that moment. Nothing but
// tests sets it, and a test that sets it must restore it.
var BeforeRename func(tmp, final string) error
