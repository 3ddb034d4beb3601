//go:build !unix && !windows

package connectedapps

import "os"

// tryLockFile has no operating-system lock to take here: the lock holds
// within the program only.
func tryLockFile(*os.File) (bool, error) { return true, nil }

func unlockFile(*os.File) error { return nil }

// noFollow is zero here: openLockFile looks for a link before and after
// opening instead.
const noFollow = 0
