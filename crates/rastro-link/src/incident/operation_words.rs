//! The words operation names are made of, in Spanish, Portuguese and English: police name
//! operations after animals, the dawn, virtues, myths and colours, and an outlet in another
//! language translates the word ("Operación Lobo", "Operação Lobo", "Operation Wolf";
//! "Operación Amanecer", "Operation Dawn"). Cognates need no list (see `evidence::cognate`);
//! these are the words whose translations share no letters to speak of.

/// One meaning per row, every spelling folded (lower case, no accents). A spelling that means
/// two things stands in both rows ("rota": a route in Portuguese, broken in Spanish).
const MEANINGS: &[&[&str]] = &[
    // Animals.
    &["lobo", "wolf", "lobos", "wolves"],
    &["aguila", "aguia", "eagle"],
    &["halcon", "falcao", "falcon", "hawk", "gaviao", "gavilan"],
    &["leon", "leao", "lion"],
    &["arana", "aranha", "spider"],
    &[
        "serpiente",
        "serpente",
        "cobra",
        "snake",
        "serpent",
        "vibora",
        "viper",
    ],
    &["escorpion", "escorpiao", "scorpion", "alacran"],
    &["tiburon", "tubarao", "shark"],
    &["zorro", "raposa", "fox"],
    &["buho", "coruja", "lechuza", "owl"],
    &["abeja", "abelha", "bee"],
    &["hormiga", "formiga", "ant"],
    &["caballo", "cavalo", "horse"],
    &["paloma", "pomba", "dove"],
    &["cuervo", "corvo", "raven", "crow"],
    &["oso", "urso", "bear"],
    &["tigre", "tiger"],
    &["colmena", "colmeia", "hive", "beehive"],
    // Nature and time.
    &[
        "amanecer",
        "amanhecer",
        "alvorada",
        "madrugada",
        "aurora",
        "dawn",
        "daybreak",
        "sunrise",
    ],
    &["tormenta", "tempestad", "tempestade", "storm"],
    &["trueno", "trovao", "thunder"],
    &["relampago", "rayo", "raio", "lightning"],
    &["luz", "light"],
    &["sombra", "sombras", "shadow", "shadows"],
    &["noche", "noite", "night"],
    &["luna", "lua", "moon"],
    &["sol", "sun"],
    &["estrella", "estrela", "star"],
    &["fuego", "fogo", "fire"],
    &["lluvia", "chuva", "rain"],
    &["rio", "river"],
    &["mar", "sea"],
    &["viento", "vento", "wind"],
    &["tierra", "terra", "earth", "land"],
    &["piedra", "pedra", "stone", "rock"],
    &["montana", "montanha", "mountain"],
    &["selva", "jungle", "rainforest"],
    &["puente", "ponte", "bridge"],
    &["puerta", "porta", "door", "gate"],
    &["muro", "wall"],
    &["espejo", "espelho", "mirror"],
    &["llave", "chave", "key"],
    &["escudo", "shield"],
    &[
        "cadena",
        "cadenas",
        "corrente",
        "correntes",
        "chain",
        "chains",
    ],
    &["red", "rede", "network", "web"],
    &["ruta", "rota", "route"],
    &[
        "roto", "rota", "rompido", "rompida", "quebrado", "quebrada", "broken",
    ],
    &["trama", "plot", "scheme"],
    &["camino", "caminho", "path", "way"],
    &["frontera", "fronteira", "border"],
    &["norte", "north"],
    &["sur", "sul", "south"],
    &["nuevo", "nueva", "novo", "nova", "new"],
    &["blanco", "blanca", "branco", "branca", "white"],
    &["negro", "negra", "preto", "preta", "black"],
    &["rojo", "roja", "vermelho", "vermelha", "red"],
    &["verde", "green"],
    &["azul", "blue"],
    &["dorado", "dourado", "golden", "oro", "ouro", "gold"],
    // Virtues and what an operation brings.
    &[
        "libertad",
        "liberdade",
        "libertacion",
        "libertacao",
        "freedom",
        "liberty",
        "liberation",
    ],
    &["justicia", "justica", "justice"],
    &["esperanza", "esperanca", "hope"],
    &["dignidad", "dignidade", "dignity"],
    &["verdad", "verdade", "truth"],
    &["paz", "peace"],
    &["fe", "faith"],
    &["rescate", "resgate", "rescue"],
    &[
        "retorno", "regreso", "regresso", "vuelta", "volta", "return",
    ],
    &["salida", "saida", "exit"],
    &[
        "guardian",
        "guardiao",
        "guardians",
        "guardianes",
        "guardioes",
    ],
    &["cazador", "cacador", "hunter"],
    &["angel", "anjo"],
    &["fantasma", "ghost"],
    &["hijos", "filhos", "ninos", "criancas", "children", "sons"],
    &["inocencia", "innocence"],
    // Myths.
    &["fenix", "phoenix"],
    &["troya", "troia", "troy", "trojan"],
];

/// Words inside a name that one language needs and another leaves out ("Caballo de Troya",
/// "Trojan Horse").
const CONNECTORS: &[&str] = &[
    "de", "da", "do", "del", "of", "the", "la", "el", "o", "a", "y", "e", "and",
];

/// Whether two folded words share a meaning in the lexicon.
fn same_meaning(p: &str, q: &str) -> bool {
    MEANINGS
        .iter()
        .any(|row| row.contains(&p) && row.contains(&q))
}

/// Whether two operation series (folded words) are one name in two languages through the
/// lexicon: the same words once connectors are left out, in any order (an adjective follows its
/// noun in Spanish and Portuguese, precedes it in English), each either spelled alike or of one
/// meaning, and at least one word translated (a name spelled alike is the same name already).
pub fn same_name_translated(a: &str, b: &str) -> bool {
    let content = |s: &str| -> Vec<String> {
        s.split(' ')
            .filter(|w| !w.is_empty() && !CONNECTORS.contains(w))
            .map(String::from)
            .collect()
    };
    let (x, mut y) = (content(a), content(b));
    if x.is_empty() || x.len() != y.len() {
        return false;
    }
    let mut translated = false;
    for word in &x {
        let found = y
            .iter()
            .position(|other| other == word)
            .or_else(|| y.iter().position(|other| same_meaning(word, other)));
        match found {
            Some(k) => {
                translated |= y[k] != *word;
                y.swap_remove(k);
            }
            None => return false,
        }
    }
    translated
}

#[cfg(test)]
mod tests {
    use super::same_name_translated;

    #[test]
    fn a_name_translated_word_for_word_is_one_name() {
        assert!(same_name_translated("lobo", "wolf"));
        assert!(same_name_translated("amanhecer", "dawn"));
        assert!(same_name_translated("caballo de troya", "trojan horse"));
        assert!(same_name_translated("sombra negra", "black shadow"));
    }

    #[test]
    fn other_words_or_a_name_spelled_alike_are_not_a_translation() {
        assert!(!same_name_translated("lobo", "eagle"));
        assert!(!same_name_translated("lobo", "lobo"));
        assert!(!same_name_translated("lobo gris", "wolf"));
        assert!(!same_name_translated("andes", "mountain"));
    }

    #[test]
    fn a_word_of_two_meanings_translates_either() {
        assert!(same_name_translated("trama rota", "broken plot"));
        assert!(same_name_translated("rota", "route"));
        assert!(!same_name_translated("rota", "wolf"));
    }
}
