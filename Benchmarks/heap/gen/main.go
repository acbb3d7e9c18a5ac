// Command heapgen writes large, Go-shaped heap profiles (profile.proto, gzipped) for Sleuth's
// benchmark: four heap sample types, a "bytes" label per sample, one mapping, ~25-deep stacks
// drawn from a random call tree (so stacks share prefixes as in real programs), a few inlined
// frames. Standard library only.
//
//	heapgen -samples 800000 -seed 1 -o big.pb.gz
package main

import (
	"bufio"
	"compress/gzip"
	"flag"
	"fmt"
	"math/rand"
	"os"
)

type buf struct{ b []byte }

func (w *buf) varint(v uint64) {
	for v >= 0x80 {
		w.b = append(w.b, byte(v)|0x80)
		v >>= 7
	}
	w.b = append(w.b, byte(v))
}
func (w *buf) key(field, wire int) { w.varint(uint64(field<<3 | wire)) }
func (w *buf) int(field int, v int64) {
	if v != 0 {
		w.key(field, 0)
		w.varint(uint64(v))
	}
}
func (w *buf) bytes(field int, b []byte) {
	w.key(field, 2)
	w.varint(uint64(len(b)))
	w.b = append(w.b, b...)
}
func (w *buf) packed(field int, vs []uint64) {
	var inner buf
	for _, v := range vs {
		inner.varint(v)
	}
	w.bytes(field, inner.b)
}

func main() {
	samples := flag.Int("samples", 100000, "number of samples")
	depth := flag.Int("depth", 25, "mean stack depth")
	funcs := flag.Int("funcs", 20000, "number of functions")
	seed := flag.Int64("seed", 1, "random seed (same seed, same stacks)")
	scale := flag.Float64("scale", 1, "multiply values (a later profile of the same process grows)")
	branch := flag.Int("branch", 1, "per-mille chance that a stack leaves the known call tree at each level")
	out := flag.String("o", "heap.pb.gz", "output file")
	flag.Parse()

	rng := rand.New(rand.NewSource(*seed))
	f, err := os.Create(*out)
	if err != nil {
		panic(err)
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	gz, _ := gzip.NewWriterLevel(bw, gzip.DefaultCompression)

	strs := []string{""}
	index := map[string]int64{"": 0}
	str := func(s string) int64 {
		if i, ok := index[s]; ok {
			return i
		}
		index[s] = int64(len(strs))
		strs = append(strs, s)
		return index[s]
	}
	var w buf
	flush := func() {
		if len(w.b) > 1<<20 {
			gz.Write(w.b)
			w.b = w.b[:0]
		}
	}
	vt := func(field int, t, u string) {
		var inner buf
		inner.int(1, str(t))
		inner.int(2, str(u))
		w.bytes(field, inner.b)
	}
	vt(1, "alloc_objects", "count")
	vt(1, "alloc_space", "bytes")
	vt(1, "inuse_objects", "count")
	vt(1, "inuse_space", "bytes")
	vt(11, "space", "bytes")
	w.int(12, 524288)
	w.int(9, 1700000000000000000+*seed*60000000000)
	{
		var m buf
		m.int(1, 1)
		m.int(2, 0x400000)
		m.int(3, 0x4000000)
		m.int(5, str("/usr/local/bin/service"))
		m.int(7, 1)
		m.int(8, 1)
		m.int(9, 1)
		m.int(10, 1)
		w.bytes(3, m.b)
	}
	pkgs := []string{"main", "net/http", "encoding/json", "github.com/acme/store", "github.com/acme/cache", "database/sql", "bufio", "strings", "bytes", "runtime"}
	for i := 1; i <= *funcs; i++ {
		var fn buf
		pkg := pkgs[i%len(pkgs)]
		fn.int(1, int64(i))
		name := fmt.Sprintf("%s.(*T%d).Method%d", pkg, i%97, i)
		fn.int(2, str(name))
		fn.int(3, str(name))
		fn.int(4, str(fmt.Sprintf("%s/file%d.go", pkg, i%53)))
		fn.int(5, int64(10+i%400))
		w.bytes(5, fn.b)
	}
	// A random call tree over locations: each node has a location; children are created lazily.
	type node struct {
		loc      uint64
		children []int
	}
	nodes := []node{{}}
	locCount := uint64(0)
	newLoc := func() uint64 {
		locCount++
		var l buf
		l.int(1, int64(locCount))
		l.int(2, 1)
		l.int(3, int64(0x400000+locCount*16))
		fn := 1 + rng.Intn(*funcs)
		if rng.Intn(10) == 0 { // an inlined callee
			var line buf
			line.int(1, int64(1+rng.Intn(*funcs)))
			line.int(2, int64(1+rng.Intn(500)))
			l.bytes(4, line.b)
		}
		var line buf
		line.int(1, int64(fn))
		line.int(2, int64(1+rng.Intn(500)))
		l.bytes(4, line.b)
		w.bytes(4, l.b)
		return locCount
	}
	stack := make([]uint64, 0, 64)
	for s := 0; s < *samples; s++ {
		stack = stack[:0]
		cur := 0
		d := *depth - 5 + rng.Intn(11)
		for k := 0; k < d; k++ {
			// Branch: usually follow an existing child (shared prefixes), sometimes a new one.
			ch := nodes[cur].children
			var next int
			if len(ch) > 0 && rng.Intn(1000) >= *branch {
				next = ch[rng.Intn(len(ch))]
			} else {
				nodes = append(nodes, node{loc: newLoc()})
				next = len(nodes) - 1
				nodes[cur].children = append(nodes[cur].children, next)
			}
			cur = next
			stack = append(stack, nodes[cur].loc)
		}
		// Leaf first.
		for i, j := 0, len(stack)-1; i < j; i, j = i+1, j-1 {
			stack[i], stack[j] = stack[j], stack[i]
		}
		size := int64(16 << uint(rng.Intn(12)))
		objs := int64(1 + rng.Intn(200))
		inuse := int64(float64(objs) * *scale * rng.Float64())
		var sm buf
		sm.packed(1, stack)
		sm.packed(2, []uint64{uint64(objs * 3), uint64(objs * 3 * size), uint64(inuse), uint64(inuse * size)})
		var lb buf
		lb.int(1, str("bytes"))
		lb.int(3, size)
		sm.bytes(3, lb.b)
		w.bytes(2, sm.b)
		flush()
	}
	for _, s := range strs {
		w.bytes(6, []byte(s))
		flush()
	}
	gz.Write(w.b)
	gz.Close()
	bw.Flush()
	f.Close()
	fmt.Fprintf(os.Stderr, "%s: %d samples, %d locations, %d functions\n", *out, *samples, locCount, *funcs)
}
