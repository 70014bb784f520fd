package preview

import (
	"math/big"
	"slices"
)

// A scenario's host groups can report overlapping tag values. With the host
// tag every host has its own series, so the groups simply add up. Without
// it, and for the tag-combination column, what counts is the number of
// distinct combinations across the groups: the size of a union of
// cartesian products, counted here exactly by inclusion–exclusion.
//
// To intersect a listed set of values with a counted one ("service": 3),
// every key has one ordered universe of values: the values the template
// itself gives the key, then the values the scenario lists, in order of
// appearance. "n values" means the first n of that universe. So the
// default count of a key (its distinct values in the template) means
// exactly the template's values, and a count that matches a list elsewhere
// means those same values.

// group is one host group, ready for counting.
type group struct {
	hosts Count
	tags  map[string]spread
}

// spread is the values of one key in one group: the first n values of the
// key's universe, or the listed values.
type spread struct {
	n    uint64
	list bool
	vals []string // listed values (normalized)
	ids  []int32  // their positions in the universe, sorted
}

func (s spread) size() uint64 {
	switch {
	case !s.list:
		return s.n
	case s.ids != nil:
		return uint64(len(s.ids))
	}
	return uint64(len(s.vals))
}

// intersect returns the values in both a and b (both from the universe).
func intersect(a, b spread) spread {
	switch {
	case !a.list && !b.list:
		return spread{n: min(a.n, b.n)}
	case a.list && b.list:
		out := make([]int32, 0, min(len(a.ids), len(b.ids)))
		i, j := 0, 0
		for i < len(a.ids) && j < len(b.ids) {
			switch {
			case a.ids[i] < b.ids[j]:
				i++
			case a.ids[i] > b.ids[j]:
				j++
			default:
				out = append(out, a.ids[i])
				i++
				j++
			}
		}
		return listOf(out)
	case !a.list:
		a, b = b, a
	}
	// a is a list, b a prefix.
	out := make([]int32, 0, len(a.ids))
	for _, id := range a.ids {
		if uint64(id) < b.n {
			out = append(out, id)
		}
	}
	return listOf(out)
}

func listOf(ids []int32) spread { return spread{list: true, ids: ids} }

func (e *estimator) compileGroups(sc *Scenario) {
	e.universe = nil
	if sc == nil || len(sc.HostGroups) == 0 {
		e.groups = []group{{hosts: CountOf(e.p.Hosts)}}
		return
	}
	e.groups = make([]group, len(sc.HostGroups))
	multi := len(sc.HostGroups) > 1
	for i, hg := range sc.HostGroups {
		g := group{hosts: CountOf(hg.Hosts), tags: make(map[string]spread, len(hg.Tags))}
		for k, s := range hg.Tags {
			if s.Values == nil {
				g.tags[k] = spread{n: s.Count}
				continue
			}
			g.tags[k] = spread{list: true, vals: s.Values}
			if multi {
				if e.universe == nil {
					e.universe = map[string]map[string]int32{}
				}
				if e.universe[k] == nil {
					e.universe[k] = map[string]int32{}
				}
			}
		}
		e.groups[i] = g
	}
}

// finishUniverse appends the scenario's listed values to each key's
// universe (after the template's own values) and gives every list its ids.
func (e *estimator) finishUniverse() {
	if e.universe == nil {
		return
	}
	for _, g := range e.groups {
		for _, k := range sortedSpreadKeys(g.tags) {
			s := g.tags[k]
			if !s.list {
				continue
			}
			u := e.universe[k]
			s.ids = make([]int32, len(s.vals))
			for i, v := range s.vals {
				id, ok := u[v]
				if !ok {
					id = int32(len(u))
					u[v] = id
				}
				s.ids[i] = id
			}
			slices.Sort(s.ids)
			g.tags[k] = s
		}
	}
}

func sortedSpreadKeys(m map[string]spread) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// unionBudget caps the subsets inclusion–exclusion visits per key set;
// past it the count falls back to an upper bound.
const unionBudget = 1 << 12

// union is the number of distinct tag combinations of a metric with the
// given keys across all host groups, memoized per key set; exact is false
// when it is an upper bound.
func (e *estimator) union(keys []string) (n Count, exact bool) {
	if len(keys) == 0 {
		return CountOf(1), true
	}
	buf := e.keyBuf[:0]
	for _, k := range keys {
		buf = append(buf, k...)
		buf = append(buf, 0)
	}
	e.keyBuf = buf
	if u, ok := e.unions[string(buf)]; ok {
		return u.n, u.exact
	}
	G, K := len(e.groups), len(keys)
	sets := make([]spread, G*K)
	for gi, g := range e.groups {
		for ki, k := range keys {
			sets[gi*K+ki] = e.values(g, k)
		}
	}
	n, exact = inclusionExclusion(sets, G, K)
	if !exact {
		n = upperBound(sets, G, K)
	}
	if e.unions == nil {
		e.unions = map[string]unionResult{}
	}
	e.unions[string(buf)] = unionResult{n: n, exact: exact}
	return n, exact
}

// inclusionExclusion sums, over every non-empty subset of groups whose
// intersection is not empty, ± the size of that intersection. A subset with
// an empty intersection has only empty supersets, so the search prunes
// there. It gives up (exact false) past unionBudget subsets.
func inclusionExclusion(sets []spread, G, K int) (Count, bool) {
	total := new(big.Int)
	stack := make([]spread, (G+1)*K)
	budget := unionBudget
	var walk func(start, depth int, parent []spread) bool
	walk = func(start, depth int, parent []spread) bool {
		cur := stack[(depth+1)*K : (depth+2)*K]
		for i := start; i < G; i++ {
			if budget--; budget < 0 {
				return false
			}
			size := CountOf(1)
			empty := false
			for k := 0; k < K; k++ {
				s := sets[i*K+k]
				if parent != nil {
					s = intersect(parent[k], s)
				}
				cur[k] = s
				if s.size() == 0 {
					empty = true
					break
				}
				size = size.MulUint(s.size())
			}
			if empty {
				continue
			}
			if depth%2 == 0 {
				total.Add(total, size.bigInt())
			} else {
				total.Sub(total, size.bigInt())
			}
			if depth+1 < G && !walk(i+1, depth+1, cur) {
				return false
			}
		}
		return true
	}
	if !walk(0, 0, nil) {
		return Count{}, false
	}
	return countFromBig(total), true
}

// upperBound is the product over keys of the union of each key's values
// across groups: never below the true count.
func upperBound(sets []spread, G, K int) Count {
	n := CountOf(1)
	for k := 0; k < K; k++ {
		var prefix uint64
		for g := 0; g < G; g++ {
			if s := sets[g*K+k]; !s.list && s.n > prefix {
				prefix = s.n
			}
		}
		extra := map[int32]bool{}
		for g := 0; g < G; g++ {
			for _, id := range sets[g*K+k].ids {
				if uint64(id) >= prefix {
					extra[id] = true
				}
			}
		}
		n = n.Mul(CountOf(prefix).Add(CountOf(uint64(len(extra)))))
	}
	return n
}
