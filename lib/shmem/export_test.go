package shmem

import (
	"os"

	"golang.org/x/sys/unix"
)

func dupFile(s *Segment) (*os.File, error) {
	fd, err := unix.Dup(int(s.File().Fd()))
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(fd), "dup"), nil
}
