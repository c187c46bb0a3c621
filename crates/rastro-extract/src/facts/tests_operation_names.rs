//! Operation names the readers of stop 33 were built for, each on short invented reports (none
//! copied from an article), with the names that must stay out beside them.

use crate::input::Article;
use crate::{extract, Incident};

fn run(text: &str) -> Incident {
    extract(&Article::plain("t", text))
}

#[test]
fn a_titled_operation_keeps_an_institution_word_inside_its_name() {
    let guard = run("The seizure was made in support of Operation Border Guard, the DEA said.");
    assert_eq!(guard.operations, ["Border Guard"]);
    let centre = run("Officials said that Operation Safe Center freed 30 women in Texas.");
    assert_eq!(centre.operations, ["Safe Center"]);
    // An institution that opens the name is who ran the operation.
    let agency = run("Según la nota, la Operación Fiscalía General dejó 12 detenidos.");
    assert!(agency.operations.is_empty());
    // Before a lowercase operation word the capitalised run is still a unit's name.
    let unit = run("The Coast Guard operation ended with four arrests near Miami.");
    assert!(unit.operations.is_empty());
}
