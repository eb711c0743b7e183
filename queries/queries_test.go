package queries

import (
	"reflect"
	"sort"
	"testing"
)

// TestEveryNamedQueryHasAMethodAndEveryMethodAQuery keeps the SQL and the
// typed Go methods in step.
func TestEveryNamedQueryHasAMethodAndEveryMethodAQuery(t *testing.T) {
	names := Names()
	sort.Strings(names)
	typ := reflect.TypeOf(&Queries{})
	var methods []string
	for i := 0; i < typ.NumMethod(); i++ {
		methods = append(methods, typ.Method(i).Name)
	}
	sort.Strings(methods)
	if !reflect.DeepEqual(names, methods) {
		t.Errorf("named queries %v, methods %v", names, methods)
	}
}

func TestParseRejectsDuplicateNames(t *testing.T) {
	if _, err := Parse("-- name: A :many\nselect 1;\n-- name: A :one\nselect 2;"); err == nil {
		t.Error("duplicate query names parsed")
	}
	m, err := Parse("-- name: A :many\nselect 1;\n\n-- name: B :one\nselect 2;")
	if err != nil || m["A"] != "select 1;" || m["B"] != "select 2;" {
		t.Errorf("Parse = %v, %v", m, err)
	}
}
