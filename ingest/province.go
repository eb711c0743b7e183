package ingest

import (
	"cchc"
	"cchc/data"
)

// Unit is a resolved provincial unit (cchc.Unit).
type Unit = cchc.Unit

// UnknownProvinceError names the value and the closest known province (cchc.UnknownProvinceError).
type UnknownProvinceError = cchc.UnknownProvinceError

// ProvinceResolver resolves the provinces written in a file on the map in
// force for the year of the row (cchc.MapFor): the rule itself is the
// domain's (cchc.Resolver).
type ProvinceResolver struct{ r *cchc.Resolver }

// NewProvinceResolver builds a resolver from the reference tables.
func NewProvinceResolver(ref *data.Reference) *ProvinceResolver {
	return &ProvinceResolver{cchc.NewResolver(ref)}
}

// Resolve returns the unit that name means in year, on the map of that year.
func (r *ProvinceResolver) Resolve(name string, year int) (Unit, error) {
	return r.r.Resolve(name, cchc.MapFor(year), year)
}

// ResolveCode resolves a GSO code written in a file.
func (r *ProvinceResolver) ResolveCode(code string, year int) (Unit, error) {
	return r.r.ResolveCode(code, cchc.MapFor(year), year)
}

// ResolvePCIID resolves PCI's own province id (Hà Nội 1, TP.HCM 4, ...).
func (r *ProvinceResolver) ResolvePCIID(id string, year int) (Unit, error) {
	return r.r.ResolvePCIID(id, cchc.MapFor(year), year)
}

// ResolveOn returns the unit that name means on a chosen map (cchc.Resolver.Resolve).
func (r *ProvinceResolver) ResolveOn(name string, set cchc.UnitSet, year int) (Unit, error) {
	return r.r.Resolve(name, set, year)
}
