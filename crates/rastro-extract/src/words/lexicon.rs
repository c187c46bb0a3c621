//! The cue tables: every word and phrase the extractor reacts to, in Spanish, Portuguese and
//! English, in the pattern language of [`crate::cues`]. Keys are folded (lowercase, no accents).
//!
//! The tables are general vocabulary of trafficking and smuggling reporting (police, courts,
//! NGOs, international organisations), not phrases lifted from particular articles.

use std::sync::OnceLock;

use crate::cues::CueSet;
use crate::model::{Control, ExploitationForm as F, Industry, Recruitment as R};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cue {
    /// "forced to work", "obligados a trabajar", "esclavitud": forced labour, unless what is
    /// named with it is sexual ("forced to work as prostitutes", "esclavitud sexual").
    ForcedWork,
    /// An arrest warrant: the arrest words inside it are not arrests.
    Warrant,
    /// Victims freed or rescued.
    Rescue,
    /// Victims identified or found (counts only with a victim noun).
    Identify,
    /// People arrested or detained.
    Arrest,
    /// A singular arrest ("fue detenido", "was arrested"): a count of one.
    ArrestOne,
    /// "held": an arrest only of people who are not victims and not held captive.
    ArrestHeld,
    /// A singular rescue ("una mujer fue rescatada", "a victim was found"): a count of one.
    RescueOne,
    /// One child or victim put in protective care ("o bebê foi acolhido", "la niña fue
    /// canalizada al DIF", "the baby was placed in foster care"): a count of one, weaker than
    /// any rescue.
    CareOne,
    /// A warrant carried out ("cumpriram mandados de prisão", "executed arrest warrants"): the
    /// warrants counted are arrests made.
    WarrantServed,
    Negation,
    /// "no existen", "no hay", "there were no": negates the whole clause that follows.
    NegationWide,
    /// "threatened to", "planeaban", "pretendiam": what follows is a threat or a plan, not an
    /// event that happened.
    Irrealis,
    /// "por otras causas", "on unrelated charges": crimes named here are not the trafficking
    /// case reported.
    Unrelated,
    /// A plan told in the past ("iban a trasladarlas", "were going to"): what follows in its
    /// clause had not happened when it was stopped.
    Prospective,
    /// An open question or a risk ("investigan si", "examining whether", "at risk of"): a form
    /// named after it in its sentence is what someone asks or fears, not what happened.
    OpenQuestion,
    /// A count of cases ("211 casos", "cases"): with a year, a sentence of statistics, whose
    /// forms are the country's background, not the event reported.
    CaseTally,
    /// A place where sex is sold ("prostíbulo", "brothel"): sexual exploitation as a place,
    /// which a suspicion alone does not make a reported form.
    SexVenue,
    /// A suspicion or an inquiry ("la sospecha es", "brothel probe", "suspeita-se").
    Suspicion,
    /// Marriage ("matrimonio", "casamento", "wed"): a sale of girls or a slavery named beside it
    /// is the marriage's.
    Marriage,
    /// Adoption named as such: a sale of children beside it is one for adoption.
    Adoption,
    /// "sin", "sem", "without": negates only the next few words.
    NegationLocal,
    /// Before a number: it is a part of a total given earlier ("among them", "de esas").
    SubsetBefore,
    /// After a number: the same ("cuatro de ellas", "nine of them").
    SubsetAfter,
    NounVictim,
    NounPerson,
    /// The dead ("bodies", "cuerpos"): recovered, never rescued.
    Dead,
    NounMinor,
    NounMigrant,
    Form(F),
    Definition,
    Smuggling,
    /// "smuggl*" alone: smuggling of migrants only when migrants are in the sentence.
    SmugglingWeak,
    /// Smuggling told by what is done with migrants (who moves them, how they are carried, what
    /// they pay): read as [`Cue::SmugglingWeak`] is, and kept apart from it because the count
    /// readers' fitted model weighs the smuggling cues it was fitted with.
    SmugglingTold,
    /// Trafficking in persons named as such: recruitment and control are read in its articles.
    Trafficking,
    /// Labour conditions ("condiciones degradantes"): forced labour unless the sentence is about
    /// sexual exploitation.
    LabourConditions,
    /// Slavery named without saying what the slaves did ("esclavitud moderna", "semi-slavery",
    /// "condição análoga à de escravo"): marks words that are also read as forced labour, which
    /// they are only where no other form is reported.
    SlaveryWord,
    /// A word for work or workers ("trabalho", "labourers", "empleadas", "domestic"): beside a
    /// slavery word it says what the slaves did.
    WorkWord,
    /// Words that make the following words the name of an office ("unit against …").
    Institution,
    Industry(Industry),
    /// Industry words that are only a forced-labour cue next to a labour trigger.
    RecruitVerb,
    Channel(R),
    Control(Control),
    OperationWord,
    /// "investigación", "inquérito": an operation's name may follow it in apposition.
    InquiryWord,
    GroupNoun,
    /// "known as", "dubbed", "batizada de": a name follows.
    Naming,
    /// "caso", "case": the name prosecutors or police gave a case may stand beside it.
    CaseWord,
    /// Who runs a migrants' boat or vehicle ("captain", "chofer", "organizadores del viaje"),
    /// or migrants left in a vehicle's box: others carried them.
    CrossingRole,
}

type Entry = (&'static str, Cue);

const COUNT_CUES: &[Entry] = &[
    // rescue
    ("rescat*|resgat*|rescu*|liberad*|liberaron|libero|libera|liberan|liberar|liberacion", Cue::Rescue),
    // Spanish "libertad" is freedom ("privación de la libertad"); Portuguese "libertadas" is
    // freed.
    ("pt:libertad*|libertac*", Cue::Rescue),
    ("libertou|libertaram|libertar|liberated|freed|frees|free|libres", Cue::Rescue),
    ("pt:liberta|libertam|liberam|libera", Cue::Rescue),
    ("salvad*|salvaron|socorrid*|emancipat*|recovered|safeguarded|resguardad*", Cue::Rescue),
    ("a salvo", Cue::Rescue),
    ("recuperad*|recuperaron|recupero|recuperou|recuperaram", Cue::Rescue),
    // Brazil's labour inspectors "take workers out" of slave labour: "48 trabalhadores foram
    // retirados dessa situação", "retiraram 12 pessoas de condições degradantes".
    ("pt:retirad*|retiraram|retirou ~4 situacao|condicao|condicoes|escravidao|escravo|degradantes", Cue::Rescue),
    // One person freed or found: "una mujer fue rescatada", "a victim was found" (the subject
    // is checked to be a person where the count is read).
    ("fue|resulto|foi|was ~1 rescatad*|liberad*|salvad*|resgatad*|libertad*|rescued|freed|liberated|identificad*|identified|hallad*|encontrad*|localizad*|found|located", Cue::RescueOne),
    ("fue|foi|was ~1 recuperad*|recovered", Cue::RescueOne),
    ("has|had|ha|habia|tinha|foi been|sido rescatad*|liberad*|salvad*|resgatad*|libertad*|rescued|freed|liberated|identificad*|identified|hallad*|encontrad*|localizad*|found|located", Cue::RescueOne),
    // One person put in care: the subject is checked to be a child or a victim.
    ("fue|foi|was ~1 acolhid*|abrigad*|canalizad*|albergad*|sheltered", Cue::CareOne),
    ("fue|foi|was ~1 encaminhad*|entregad*|trasladad*|levad*|placed|handed|taken ~5 conselho|abrigo|albergue|refugio|dif|shelter|care|protection|proteccion|protecao", Cue::CareOne),
    // identification
    ("identific*|identified|identify|detectad*|detected|localizad*|located|hallad*|encontrad*|found", Cue::Identify),
    ("hallaron|hallo|encontraron|encontro|encontrou|encontraram|achad*|find|finds", Cue::Identify),
    ("localizaron|localizo|localizou|localizaram", Cue::Identify),
    // Headlines tell a finding in the present: "Hallan a niña desaparecida", "PF localiza".
    ("hallan|encuentran|localizan|localiza|encontram|localizam", Cue::Identify),
    ("sinaliz*|assinal*|flagged", Cue::Identify),
    // Statistics of victims recorded: "registró 78 víctimas", "recorded 40 victims".
    ("registr*|contabiliz*|recorded", Cue::Identify),
    // arrest
    ("detenid*|detuv*|detien*|detencion*|detener|arrest*|captur*|aprehend*|aprehension*", Cue::Arrest),
    ("detid*|detiv*|detev*|deter|apprehend*|detained|detain*|custody|intervenid*", Cue::Arrest),
    ("pt:prend*|presos|presas|preso|presa|prisao|prisoes", Cue::Arrest),
    // Rioplatense news: "quedaron presos" (people counted "presos" are read with their noun).
    // Not "presos" alone: the inmates of a prison are "los presos" too.
    ("es:quedaron|quedan|fueron|siguen|permanecen|continuan presos|presas", Cue::Arrest),
    // Spanish "apresar" (Portuguese "apresentar" is another word).
    ("es:apresa|apresan|apresaron|apreso|apresado|apresada|apresados|apresadas", Cue::Arrest),
    // "booked into the county jail", "autuados em flagrante", "conduzidos à delegacia".
    ("booked ~3 jail|custody|detention", Cue::Arrest),
    ("autuado|autuada|autuados|autuadas em flagrante", Cue::Arrest),
    ("conduzido|conduzida|conduzidos|conduzidas ~1 delegacia|delegacias", Cue::Arrest),
    // "Caen 3 tratantes": in Spanish headlines those caught "fall".
    ("es:caen", Cue::Arrest),
    // "Police nabbed five suspects": the headline verb of English tabloids and wires.
    ("en:nabbed|nab|nabs", Cue::Arrest),
    // Warrants are not arrests: "órdenes de captura contra 10 personas".
    ("orden*|mandado*|warrant* de|of|for captura|aprehension|detencion|prisao|arrest|detention", Cue::Warrant),
    ("arrest warrant*", Cue::Warrant),
    // Warrants carried out are arrests made: "cumpriram quatro mandados de prisão".
    ("cumpr*|cumpli*|execut*|ejecut*|served|serve|serving ~8 mandado*|orden*|ordenes|warrant*|arrest", Cue::WarrantServed),
    // "held" is an arrest only where the people held are not victims (checked where read).
    ("en:held", Cue::ArrestHeld),
    ("fue|resulto|quedo detenid*|capturad*|arrestad*|aprehendid*", Cue::ArrestOne),
    ("was arrested|captured|detained|apprehended", Cue::ArrestOne),
    ("has|had been arrested|captured|detained|apprehended", Cue::ArrestOne),
    ("is|was|remains|remained in custody", Cue::ArrestOne),
    // "The suspect was taken into custody" ("taken into protective custody" is care, not this).
    ("was|been taken into custody", Cue::ArrestOne),
    ("ha|habia sido detenid*|capturad*|arrestad*|aprehendid*", Cue::ArrestOne),
    ("foi preso|presa|detido|detida|capturado|capturada", Cue::ArrestOne),
    // Headlines tell in the present: "aliciador é preso", "conductor es detenido", "man is
    // arrested".
    ("pt:e preso|presa|detido|detida|capturado|capturada", Cue::ArrestOne),
    ("es:es detenido|detenida|capturado|capturada|arrestado|arrestada|aprehendido|aprehendida", Cue::ArrestOne),
    ("en:is arrested|detained|captured", Cue::ArrestOne),
    // People handed to the prosecutors or a judge are detained: "fueron puestas a órdenes de la
    // justicia", "were handed over to prosecutors" (one person: `suspects_handed_over`). Migrants
    // put at the migration office's disposal are not: the authority must be of justice.
    ("fueron|foram|were|quedaron|ficaram ~1 puestos|puestas|colocados|colocadas|presentados|presentadas|entregados|entregadas|entregues|levados|levadas|llevados|llevadas|handed|turned|remitidos|remitidas ~4 justicia|justica|fiscalia|juez|jueza|juzgado|pgr|fgr|procuradoria|procuraduria|prosecutor|prosecutors|judge|court", Cue::Arrest),
    // "arrested one of the leaders", "detuvieron a uno de los cabecillas"
    ("arrested|detained|captured|detuvo|detuvieron|capturaron|capturo|aprehendieron|aprehendio|prendeu|prenderam|deteve|detiveram|capturou|capturaram ~1 one|uno|una|um|uma of|de|dos|das|del|do|da", Cue::ArrestOne),
    // An arrest with one definite person as its object: "prendeu o motorista", "detuvo a la
    // dueña", "arrested the alleged leader".
    ("prendeu|prenderam|detuvo|detuvieron|deteve|detiveram|arrested|capturo|capturaron|capturou|capturaram|aprehendio|aprehendieron|detained ~1 al|el|la|o|a|the ~1 motorista|conductor|chofer|driver|dueno|duena|dono|dona|owner|propietario|propietaria|proprietario|proprietaria|lider|leader|cabecilla|chefe|jefe|jefa|hombre|mujer|homem|mulher|man|woman|sospechoso|sospechosa|suspeito|suspeita|suspect|acusado|acusada|responsable|responsavel|tratante|traficante|trafficker|proxeneta|cafetao|pimp|empresario|empresaria|encargado|encargada|gerente|manager|administrador|administradora|capataz|foreman", Cue::ArrestOne),
    ("prisao|detencion|captura|arresto|arrest|detencao ~2 suspeita|suspeito|sospechoso|sospechosa|suspect|lider|leader|acusado|acusada|cabecilla|chefe|jefe|jefa|dono|duena|dueno|owner", Cue::ArrestOne),
    // negation
    ("es:no", Cue::Negation),
    ("en:no", Cue::Negation),
    ("nao|not|never|nunca|ningun|ninguna|ninguno|nenhum|nenhuma|none|nobody|nadie|ninguem", Cue::Negation),
    ("sin|sem|without", Cue::NegationLocal),
    ("wasn|weren|didn|hasn|haven", Cue::Negation),
    ("es:no existe|existen|existia|existian|existio|hay|hubo|habia|habian|consta|constan", Cue::NegationWide),
    ("pt:nao ha|houve|havia|existe|existem|existia|existiam|consta|constam", Cue::NegationWide),
    ("there is|are|was|were no", Cue::NegationWide),
    ("there have|has been no", Cue::NegationWide),
    // threats and plans: "amenazaban con venderle los órganos", "planned to marry her off"
    ("amenaz*|ameac*|threat*|planea*|planej*|planned|planning|plotted|pretendia*|intended|intending", Cue::Irrealis),
    ("iba|iban|ibamos|ibas a", Cue::Prospective),
    ("pt: iria|iriam|iriamos", Cue::Prospective),
    ("going to", Cue::Prospective),
    ("investigan|investiga|investigar|investigaba|investigaban|investigam|determinar|establecer|esclarecer|averiguar|verificar|confirmar|descartar|apurar|apuram|saber si|se", Cue::OpenQuestion),
    ("whether", Cue::OpenQuestion),
    ("risk|risks|riesgo|riesgos|risco|riscos of|de", Cue::OpenQuestion),
    ("casos|cases|denuncias|ocorrencias|reports", Cue::CaseTally),
    // other crimes of the same people: "aprehendidos por otras causas"
    ("por|for|on otras|outras|other|otros|outros causas|razones|delitos|crimes|crimenes|motivos|offences|offenses|charges", Cue::Unrelated),
    ("unrelated charges|offences|offenses|crimes|cases", Cue::Unrelated),
    // subsets
    ("among|entre|inclu*", Cue::SubsetBefore),
    ("divide|dividen|divididos|divididas|desglosa*|desglose|distribuye*|distribuid*|breakdown|split|dividem|divididos", Cue::SubsetBefore),
    ("de esas|esos|estas|estos|ellas|ellos", Cue::SubsetBefore),
    ("dessas|desses|destas|destes|delas|deles", Cue::SubsetBefore),
    ("of those|these|them|whom|which", Cue::SubsetBefore),
    ("dos|das quais", Cue::SubsetBefore),
    ("de los|las cuales", Cue::SubsetBefore),
    ("de ellas|ellos|estas|estos|esas|esos|los|las", Cue::SubsetAfter),
    ("delas|deles|dessas|desses|destas|destes", Cue::SubsetAfter),
    ("of them|whom|those|these|the", Cue::SubsetAfter),
    ("dos|das quais", Cue::SubsetAfter),
    // the dead
    ("bodies|body|cuerpos|cuerpo|corpos|corpo|cadaveres|cadaver|remains|restos|dead|muertos|muertas|mortos|mortas", Cue::Dead),
    // nouns
    ("victima*|vitima*|victim*|sobrevivient*|sobrevivent*|survivor*", Cue::NounVictim),
    ("menor|menores|nino|ninos|nina|ninas|children|child|girl|girls|boy|boys|minors|minor", Cue::NounMinor),
    ("crianca*|menina*|menino*|adolescent*|teenager*|infant*|bebe*|babies|toddlers|kids", Cue::NounMinor),
    ("newborn|newborns|juvenile|juveniles|youths", Cue::NounMinor),
    ("recien|recem ~1 nacid*|nascid*", Cue::NounMinor),
    ("migrant*|inmigrant*|imigrant*|emigrant*|refugiad*|refugee*|indocumentad*|undocumented|alien|aliens", Cue::NounMigrant),
    ("persona|personas|pessoa|pessoas|people|person|persons|individu*|mujer|mujeres", Cue::NounPerson),
    ("mulher|mulheres|women|woman|hombre|hombres|homem|homens|men|man|trabajador*", Cue::NounPerson),
    ("trabalhador*|worker*|jornaler*|ciudadan*|cidada*|citizen*|national|nationals", Cue::NounPerson),
    ("civiles|civis|civilians|empleado*|empleada*|empregad*|employee*|funcionari*", Cue::NounPerson),
    ("captor|captors|captores|secuestrador*|sequestrador*|kidnapper*", Cue::NounPerson),
    ("extranjer*|estrangeir*|foreigner*|joven|jovenes|jovem|jovens|adult*|integrante*", Cue::NounPerson),
    ("miembro*|membro*|member*|sospechos*|suspect*|suspeit*|sujeto*|chicas|muchachas", Cue::NounPerson),
    ("nacionales|cabecilla*|lider*|leader*|traficante*|trafficker*|acusad*", Cue::NounPerson),
    ("hijos|hijas|filhos|filhas|sons|daughters|responsables|responsaveis|indigena*|indigenous", Cue::NounPerson),
    ("aliciador*|recrutador*|reclutador*|captador*|proxenetas|tratantes|cafetoes|pimps|smugglers|coyotes", Cue::NounPerson),
    // People by their trade or station, as those freed from work are named. Written out word
    // by word: stems on common first letters ("con", "est", "com") would be tried on most
    // tokens of every article.
    ("costurero|costurera|costureros|costureras|costureiro|costureira|costureiros|costureiras", Cue::NounPerson),
    ("seamstress|seamstresses|obrero|obrera|obreros|obreras|operario|operaria|operarios|operarias", Cue::NounPerson),
    ("labourer|labourers|laborer|laborers|farmworker|farmworkers|farmhand|farmhands", Cue::NounPerson),
    ("peon|peones|peao|peoes|agricultor|agricultora|agricultores|agricultoras|camponeses", Cue::NounPerson),
    ("campesino|campesina|campesinos|campesinas|lavrador|lavradora|lavradores|lavradoras", Cue::NounPerson),
    ("recolector|recolectora|recolectores|recolectoras|cortador|cortadora|cortadores|cortadoras", Cue::NounPerson),
    ("pescador|pescadora|pescadores|pescadoras|fisherman|fishermen|marinero|marineros", Cue::NounPerson),
    ("marinheiro|marinheiros|sailor|sailors|tripulante|tripulantes|crew|crewmen", Cue::NounPerson),
    ("garimpeiro|garimpeira|garimpeiros|garimpeiras|carvoeiro|carvoeira|carvoeiros|carvoeiras", Cue::NounPerson),
    ("vendedor|vendedora|vendedores|vendedoras|estudiante|estudiantes|estudante|estudantes|students", Cue::NounPerson),
    ("bailarin|bailarina|bailarines|bailarinas|dancarino|dancarina|dancarinos|dancarinas|dancers", Cue::NounPerson),
    ("mesero|mesera|meseros|meseras|garconete|garconetes|waitress|waitresses", Cue::NounPerson),
    ("jovencita|jovencito|jovencitas|jovencitos|muchacho|muchachos|mocas|rapaz|rapazes", Cue::NounPerson),
    ("senoras|senhoras|anciano|anciana|ancianos|ancianas|idosos|idosas|elderly", Cue::NounPerson),
    ("hermanos|hermanas|irmaos|irmas|siblings|familiares|relatives", Cue::NounPerson),
    ("connacional|connacionales|compatriota|compatriotas|compatriots", Cue::NounPerson),
    ("teen|teens", Cue::NounMinor),
    ("encargados|encargadas|gerentes|managers|administradores|propietarios|proprietarios|duenos|donos|owners", Cue::NounPerson),
    ("capataces|choferes|drivers|motoristas|conductores|empresarios|businessmen|comerciantes|recepcionistas|cajeros|cajeras", Cue::NounPerson),
    // Those who are arrested, by what they stand accused of or by whom they employ.
    ("defendant|defendants|fazendeiro|fazendeira|fazendeiros|fazendeiras|hacendado|hacendados|rancher|ranchers", Cue::NounPerson),
    ("farmer|farmers|landowner|landowners|patrao|patroes|patrones|employer|employers", Cue::NounPerson),
    ("empleador|empleadores|empregador|empregadores|regente|regentes", Cue::NounPerson),
    ("accomplice|accomplices|complice|complices|cumplice|cumplices|associate|associates|co-defendants", Cue::NounPerson),
];

const FORM_CUES: &[Entry] = &[
    // sexual exploitation
    ("explotacion|exploracao|exploitation|explotacao sexual*", Cue::Form(F::SexualExploitation)),
    ("sexual exploitation|exploit*", Cue::Form(F::SexualExploitation)),
    ("sexually exploit*", Cue::Form(F::SexualExploitation)),
    ("explot*|explor*|exploit* sexualmente|sexually", Cue::Form(F::SexualExploitation)),
    // with a pronoun between: "explorá-las sexualmente", "exploited them sexually"
    ("explot*|explor*|exploit* ~2 sexualmente|sexually", Cue::Form(F::SexualExploitation)),
    ("prostitu*|proxenet*|rufian*|lenocinio|pimp|pimps|pimping|cafiche|cafiches|cafetao|cafetoes|padrote|padrotes", Cue::Form(F::SexualExploitation)),
    ("prostibulo*|burdel|burdeles|bordel|bordeis|brothel*|whorehouse*|lupanar*", Cue::Form(F::SexualExploitation)),
    ("prostibulo*|burdel|burdeles|bordel|bordeis|brothel*|whorehouse*|lupanar*", Cue::SexVenue),
    ("sospecha|sospechan|sospechaba|sospechaban|suspeita|suspeitam|suspeitava|suspicion|suspected|suspects|probe|inquiry", Cue::Suspicion),
    ("obligad*|obligab*|forzad*|forzab*|obrigad*|obrigav*|forced|coerced|compelled ~3 sex|sexo|relaciones|relacoes|intercourse", Cue::Form(F::SexualExploitation)),
    ("sex trafficking|work|slave*|slavery|tourism|workers", Cue::Form(F::SexualExploitation)),
    ("trafico|trata|esclavitud|escravidao|turismo sexual", Cue::Form(F::SexualExploitation)),
    ("trabajo|trabalho|servicios|servicos sexual|sexuales|sexuais", Cue::Form(F::SexualExploitation)),
    ("sexual slavery|services", Cue::Form(F::SexualExploitation)),
    ("servidumbre|servidao|servitud sexual", Cue::Form(F::SexualExploitation)),
    ("sexual servitude", Cue::Form(F::SexualExploitation)),
    ("fines|fins sexuales|sexuais", Cue::Form(F::SexualExploitation)),
    ("pornografia infantil", Cue::Form(F::SexualExploitation)),
    ("child pornography", Cue::Form(F::SexualExploitation)),
    ("child sexual abuse material", Cue::Form(F::SexualExploitation)),
    ("abuso sexual infantil", Cue::Form(F::SexualExploitation)),
    // forced labour
    ("trabajo*|trabalho* forzos*|forzad*|forcad*|forcos*|escravo|esclavo", Cue::Form(F::ForcedLabour)),
    ("forced|slave|bonded labor|labour", Cue::Form(F::ForcedLabour)),
    ("labor|labour exploitation", Cue::Form(F::ForcedLabour)),
    ("explotacion|exploracao laboral|laborales", Cue::Form(F::ForcedLabour)),
    ("exploracao do trabalho", Cue::Form(F::ForcedLabour)),
    ("explotacion|exploracao|exploitation laboral|labor|labour y|e|and sexual", Cue::Form(F::SexualExploitation)),
    ("explot*|explor*|exploit* laboral|laboralmente y|e|and sexual*", Cue::Form(F::SexualExploitation)),
    ("explot*|explor*|exploit* laboral|laboralmente", Cue::Form(F::ForcedLabour)),
    // The second of two forms given as adverbs or adjectives: "explotadas sexual y
    // laboralmente", "exploração sexual e laboral", "sexual and labour exploitation".
    ("explot*|explor*|exploit* sexual|sexualmente y|e|o|ou|and|or laboral*|labor|labour", Cue::Form(F::ForcedLabour)),
    ("sexual and|or labor|labour exploitation", Cue::Form(F::ForcedLabour)),
    // The first of two forms given so: "explotadas sexual y laboralmente", "for labour and
    // sexual exploitation", "trabajo o servicios forzados".
    ("explot*|explor* sexual y|e|o|ou laboral*", Cue::Form(F::SexualExploitation)),
    ("labor|labour and|or sexual exploitation", Cue::Form(F::ForcedLabour)),
    // "exploited for sex or labour": the other form may come between.
    ("exploited for ~3 labour|labor", Cue::Form(F::ForcedLabour)),
    ("labour|labor trafficking", Cue::Form(F::ForcedLabour)),
    ("explot*|explor*|exploit* ~1 trabajador*|trabalhador*|workers|imigrantes|inmigrantes|migrants|jornaler*", Cue::Form(F::ForcedLabour)),
    ("analog* ~2 escravi*|escravo*|escrava*|esclavitud", Cue::Form(F::ForcedLabour)),
    ("modern|contemporary ~2 slavery", Cue::Form(F::ForcedLabour)),
    ("esclavitud|escravidao moderna|contemporanea", Cue::Form(F::ForcedLabour)),
    ("slave - like", Cue::Form(F::ForcedLabour)),
    ("slavery|esclavitud|escravidao|servidumbre|servidao|servitude|enslav*|esclaviz*|escraviz*", Cue::ForcedWork),
    ("debt bondage", Cue::Form(F::ForcedLabour)),
    ("slavery|esclavitud|escravidao|enslav*|esclaviz*|escraviz*", Cue::SlaveryWord),
    ("trabaj*|trabalh*|work*|labo*|domestic*|emplead*|empregad*", Cue::WorkWord),
    ("analog* ~2 escravi*|escravo*|escrava*|esclavitud", Cue::SlaveryWord),
    ("modern|contemporary ~2 slavery", Cue::SlaveryWord),
    ("slave - like", Cue::SlaveryWord),
    ("obligad*|obligab*|forzad*|forzab*|forced|obrigad*|obrigav*|forcad*|forcav*|compelled|coerced|sometid* ~2 trabaj*|trabalh*|work|working|labor|labour|cultiv*|cosech*|harvest*|colher|sembrar|plant|recoger|pick|picking|cortar|cut", Cue::ForcedWork),
    // Household work done under force is domestic servitude: "forçadas a cozinhar e limpar".
    ("obligad*|obligab*|forzad*|forzab*|forced|obrigad*|obrigav*|forcad*|forcav*|compelled|coerced ~2 cocinar|cozinhar|cook|cooking|limpiar|limpar|clean|cleaning|lavar|wash|washing", Cue::ForcedWork),
    // selling goods on someone else's orders: "obligado a vender dulces", "forced to sell
    // flowers" (drugs sold so are forced criminality, read by its own cue)
    ("obligad*|obligab*|forzad*|forzab*|obrigad*|obrigav*|forcad*|forced|compelled ~2 vender|vendiendo|vendendo|sell|selling", Cue::ForcedWork),
    // labour told as what the victims did: "terminaban trabajando en comercios"
    ("terminab*|terminaron|acababan|acabaron|acabavam|acabaram|ended ~1 trabajando|trabalhando|working", Cue::ForcedWork),
    ("condiciones|condicoes|conditions degradant*|inhuman*|infrahuman*|degrading", Cue::LabourConditions),
    ("degrading|inhuman|inhumane conditions", Cue::LabourConditions),
    // Work without pay: "trabajaron 19 meses sin recibir sueldo", "made to farm without pay",
    // "unpaid workers". A condition, so that in a case of sexual exploitation it is that one's.
    ("trabaj*|trabalh*|work|worked|working|farm|farmed|labour|labor ~3 sin|sem|without ~1 paga|pago|sueldo|salario|pay|payment|wages|remuneracion|remuneracao|recibir|receber|cobrar", Cue::LabourConditions),
    ("unpaid ~1 work|workers|labour|labor|labourers|laborers|wages", Cue::LabourConditions),
    // Made to work: "los hacían trabajar", "faziam-nos trabalhar", "made them work".
    ("hacian|hacia|hicieron|hacen|fazia|faziam|fizeram|fazem ~2 trabajar|trabalhar", Cue::ForcedWork),
    ("made them|him|her|to work|farm|labour|labor", Cue::ForcedWork),
    // Workers rescued or freed: labour exploitation is what they were rescued from.
    ("rescat*|resgat*|liberad*|liberaron|libertad*|libertou|libertaram|freed|rescued ~4 trabajador*|trabalhador*|workers|jornaler*|peones|labourers|laborers|farmworkers", Cue::Form(F::ForcedLabour)),
    ("trabajador*|trabalhador*|workers|jornaler*|peones|labourers|laborers ~3 rescat*|resgat*|liberad*|libertad*|freed|rescued", Cue::Form(F::ForcedLabour)),
    // forced criminality
    ("centro*|central* de estafa*|fraude*|golpe*", Cue::Form(F::ForcedCriminality)),
    ("scam|fraud cent*|compound*|farm*|factor*", Cue::Form(F::ForcedCriminality)),
    ("forced criminality", Cue::Form(F::ForcedCriminality)),
    ("criminalidad|criminalidade forzada|forcada", Cue::Form(F::ForcedCriminality)),
    ("obligad*|obligab*|forzad*|forzab*|obrigad*|obrigav*|forcad*|forcav*|forced|coerced|compelled ~6 marihuana|marijuana|maconha|coca|amapola|poppy|opium|opio|cannabis|estafa*|fraude*|scam*|fraud*|robar|roubar|delinqu*|delitos|crimes|crimenes|steal|stealing|robo*|hurto*|furto*|narcotrafic*|microtrafic*", Cue::Form(F::ForcedCriminality)),
    ("obligad*|forzad*|obrigad*|forced ~3 vender|transportar|traficar|sell|transport|carry|smuggle ~2 droga*|drugs|cocaina|cocaine", Cue::Form(F::ForcedCriminality)),
    ("como|as ~1 mula|mulas|mules|burrero*|burrera*|camello*", Cue::Form(F::ForcedCriminality)),
    // Recruited by gangs or armed groups, or for crimes: "niños reclutados por pandillas",
    // "recrutados para atividades criminosas", "children recruited by armed groups".
    ("reclut*|recrut*|recruit* ~5 pandilla*|gang|gangs|mara|maras|faccao|faccoes|faccion*|gangue*|armed|armados|armadas|guerrilla*|cartel|carteles|cartels", Cue::Form(F::ForcedCriminality)),
    // A verb may stand between: "reclutada para realizar actividades criminales".
    ("reclut*|recrut*|recruit*|utiliz*|obligad*|forzad*|obrigad*|forced|used ~4 para|for|en|em|in ~1 actividades|atividades|activities ilicitas|delictivas|criminales|criminosas|criminal|illicit|illegal", Cue::Form(F::ForcedCriminality)),
    ("obligad*|obligab*|forzad*|forzab*|obrigad*|obrigav*|forced ~4 trafico|trafficking|venta|venda|sale|transporte ~1 de|of droga*|drugs|estupefacientes|narcoticos", Cue::Form(F::ForcedCriminality)),
    // forced begging
    ("mendicidad|mendicancia|mendig*|begging|beg|limosna*|esmola*", Cue::Form(F::ForcedBegging)),
    // begging told as what the victims did: "pidiendo dinero en la calle", "forced to ask for
    // money on the streets"
    ("pidiendo|pedian|pedia|pedir|pedindo|pediam|asking|ask ~2 dinero|dinheiro|money|limosna*|esmola*|coins|cash ~3 calle|calles|rua|ruas|street|streets|semaforo*|sinaleir*|traffic", Cue::Form(F::ForcedBegging)),
    // forced marriage
    ("matrimonio*|casamento*|union*|uniao|unioes forzad*|forcad*|servil*|infantil*|precoz*", Cue::Form(F::ForcedMarriage)),
    ("forced|servile|child|early marriage*", Cue::Form(F::ForcedMarriage)),
    ("obligad*|obrigad*|forced ~2 casarse|casar|marry", Cue::Form(F::ForcedMarriage)),
    ("sold|vendid* as|como brides|wives|esposa*", Cue::Form(F::ForcedMarriage)),
    // illegal adoption
    ("adopcion*|adocao|adocoes ilegal*|irregular*|fraudulent*", Cue::Form(F::IllegalAdoption)),
    ("illegal|irregular|fraudulent adoption*", Cue::Form(F::IllegalAdoption)),
    // "Tráfico de niños" and "trafficking of children" name the crime of trafficking them for any
    // end (a charge, "sex trafficking of children"); only a sale is the adoption market's.
    ("venta|venda|sale|compraventa ~1 de|of ninos|ninas|bebes|bebe|recien|criancas|recem|children|babies|baby|infants|newborns|newborn", Cue::Form(F::IllegalAdoption)),
    // A sale of one baby, or of one's own child: "la venta de una bebé", "vender a su hijo",
    // "selling her baby", "seria vendido, um bebê" ("la venta de una niña de 14 años" is more
    // often a sexual sale). The verb is written out: the stem "vend" also opens "vendedor".
    ("venta|venda|sale|compraventa de|of un|una|um|uma|su|sua|seu|a|the bebe|recien|recem|baby|newborn|hijo|hija|filho|filha", Cue::Form(F::IllegalAdoption)),
    ("vender|vende|venden|vendio|vendia|vendian|vendieron|vendido|vendida|vendidos|vendidas|vendiendo|vendeu|venderam|vendem|vendiam|vendendo|venderia|sell|sells|sold|selling ~1 a|al|su|sus|sua|seu|suas|seus|her|his|their|o|os|as|la|el|los|las|um|uma|un|una|the|a bebe|bebes|hijo|hija|hijos|hijas|filho|filha|filhos|filhas|baby|babies|newborn|newborns|recien|recem", Cue::Form(F::IllegalAdoption)),
    ("vender|vende|venden|vendio|vendia|vendian|vendieron|vendido|vendida|vendidos|vendidas|vendiendo|vendeu|venderam|vendem|vendiam|vendendo|venderia|sell|sells|sold|selling bebes|bebe|babies|baby|newborns|newborn|recien|recem", Cue::Form(F::IllegalAdoption)),
    // A child handed over for money: "entregó a su hijo a cambio de dinero", "entregou o bebê em
    // troca de dinheiro", "entregar filho a terceiro mediante pagamento".
    ("entreg* ~2 bebe|bebes|hijo|hija|filho|filha|baby|newborn|recien|recem ~4 cambio|troca|exchange|pagamento|payment|recompensa", Cue::Form(F::IllegalAdoption)),
    // Sold to a family: the buyer says what the sale was for.
    ("vendido|vendida|vendio|vendieron|vendeu|venderam|sold ~2 a|to una|uma|a familia|family|pareja|parejas|casal|casais|couple|couples", Cue::Form(F::IllegalAdoption)),
    ("baby selling|trafficking", Cue::Form(F::IllegalAdoption)),
    ("adoption|adopcion|adopciones|adocao|adocoes ~4 traffick*|trafic*|trata|ilegal*|illegal*|irregular*", Cue::Form(F::IllegalAdoption)),
    ("traffick*|trafico|venta|venda ~3 adoption|adopcion|adopciones|adocao|adocoes", Cue::Form(F::IllegalAdoption)),
    ("selling babies|children|infants", Cue::Form(F::IllegalAdoption)),
    ("matrimonio*|casamento*|marriage*|casarse|casar|casarlas|casa-las|marry|married|wed|wedding*|brides|novias|noivas", Cue::Marriage),
    ("adopcion*|adoptar|adopt*|adocao|adocoes|adotar|adotad*", Cue::Adoption),
    // organ removal
    ("trafico|venta|venda|comercio|extraccion|extracao|remocion|remocao|extirpacion ~1 de organos|orgaos|rinones|rins", Cue::Form(F::OrganRemoval)),
    ("organ trafficking|removal|harvesting|trade|trafficker*|theft", Cue::Form(F::OrganRemoval)),
    // Organs bought or taken out: "comprar riñones", "la comercialización de riñones",
    // "removing a patient's kidney", "the extraction of a kidney".
    ("comprar|compraban|compraba|compravam|comprava|compra|compraventa|comercializacion|comercializacao|comercializar ~2 organos|orgaos|rinones|rins|rinon|rim", Cue::Form(F::OrganRemoval)),
    ("removing|removed|remove|extraction|extracting|extracted|harvesting|harvested|stealing|stole|stolen|disposal|buying|bought ~4 kidney|kidneys|organs", Cue::Form(F::OrganRemoval)),
    ("trafficking in organs", Cue::Form(F::OrganRemoval)),
    ("sell|sold|selling ~2 kidney*|organs", Cue::Form(F::OrganRemoval)),
    ("vender|vendio|venderam|venderan|venden ~2 rim|rinon|orgao|organo|organos|orgaos|rins|rinones", Cue::Form(F::OrganRemoval)),
    // trafficking in persons named as such (no form of exploitation implied)
    ("trata de|da personas|pessoas|seres|mujeres|mulheres|blancas|ninos|menores", Cue::Trafficking),
    ("trafico de|da personas|pessoas|seres|mujeres|mulheres|ninos|criancas", Cue::Trafficking),
    ("human|sex|child|labor|labour trafficking", Cue::Trafficking),
    ("trafficking in persons|humans|women|children", Cue::Trafficking),
    ("trafficked|tratante*|trafficker*", Cue::Trafficking),
    // definitions and comparisons: forms named here are not reported events
    ("defin*|finalidades|tipific*|unlike", Cue::Definition),
    // "trafficking means …", but not "by means of".
    ("trafficking|exploitation|smuggling|term|servitude|labour|labor means", Cue::Definition),
    ("se entiende por", Cue::Definition),
    // awareness campaigns and commemorations talk about crimes, they do not report them
    ("campana|campanha|campaign|concientiz*|conscientiz*|sensibiliz*|awareness", Cue::Definition),
    ("dia|day mundial|world|internacional|international|nacional", Cue::Definition),
    ("world day", Cue::Definition),
    ("entende - se", Cue::Definition),
    ("protocolo|protocol de|of palermo", Cue::Definition),
    ("palermo protocol", Cue::Definition),
    // what a law punishes or a treaty covers is not what happened: "a lei pune o tráfico para
    // trabalho escravo, casamento forçado e adoção ilegal"
    ("lei|ley|law|leis|leyes|laws|codigo|code|legislacion|legislacao|legislation ~3 pune|punem|punishes|punish|castiga|castigan|sanciona|sancionan|penaliza|penalizes|proibe|prohibe|prohibits|criminaliza|criminalizes", Cue::Definition),
    // what the sections of a code cover: "whose sections 159 and 160 cover labour trafficking"
    ("section|sections|articulo|articulos|artigo|artigos ~4 cover|covers|cubre|cubren|abrange|abrangem|tipifica|tipifican|tipificam|pune|punem|castiga|castigan|sanciona|sancionan|punish|punishes", Cue::Definition),
    ("convencion|convencao|convention sobre|on|relativa|relativo", Cue::Definition),
    ("protocolo|protocol facultativo|optional", Cue::Definition),
    ("a diferencia de|del", Cue::Definition),
    ("ao contrario de|do", Cue::Definition),
    ("diferentemente de|do", Cue::Definition),
    // smuggling of migrants
    ("trafico|contrabando de migrantes|inmigrantes|imigrantes", Cue::Smuggling),
    ("trafico|contrabando ilicito|ilegal de migrantes|inmigrantes|imigrantes|extranjeros|estrangeiros", Cue::Smuggling),
    // "trata y tráfico de personas": beside trafficking, "tráfico" is the other crime.
    ("trata y|e ~1 trafico|contrabando", Cue::Smuggling),
    ("trafico|contrabando de|ilicito personas|pessoas migrantes", Cue::Smuggling),
    ("contrabando de personas|pessoas", Cue::Smuggling),
    ("migrant|people|human|alien|migrants smuggl*", Cue::Smuggling),
    ("smuggl* of|in migrants|people|persons|humans|aliens", Cue::Smuggling),
    ("smuggl* ~2 migrants|people|persons|individuals|aliens", Cue::Smuggling),
    ("smuggl* ~1 ring*|network*|route*|operation*", Cue::Smuggling),
    ("smuggl*", Cue::SmugglingWeak),
    ("smuggl* ~3 them|victims|workers|women|girls|men|children|people|persons|her|him|families", Cue::Smuggling),
    ("smuggl* ~1 across|over|through ~3 border*|frontera*|fronteira*", Cue::Smuggling),
    // "tráfico de personas" is migrant smuggling in Mexican and Central American law and
    // trafficking elsewhere: smuggling only where migrants are in the sentence.
    ("trafico|traficantes|traficante de personas|pessoas", Cue::SmugglingWeak),
    ("trafico|traficantes humano|humanos", Cue::SmugglingWeak),
    ("trafico ilegal|ilicito de personas|pessoas", Cue::SmugglingWeak),
    ("coyote*|pollero*|coiote*|polleros|coyotaje", Cue::Smuggling),
    // Those who move migrants, named beside them: "abandonadas por presuntos traficantes",
    // "contrabandistas de pessoas".
    ("traficante|traficantes|contrabandista|contrabandistas", Cue::SmugglingTold),
    // Migrants carried hidden or crammed in a vehicle: "transportados en la caja de un
    // tráiler", "levados, amontoados, na carroceria de um caminhão".
    ("transportad*|trasladad*|llevad*|levad*|escondid*|ocult*|hacinad*|amontoad*|encerrad*|hidden|crammed|packed|concealed|transported|carried ~5 caja|trailer|camion|caminhao|carreta|cacamba|carroceria|truck|contenedor|container|furgon|furgao|bodega", Cue::SmugglingTold),
    // Paid to take migrants across: "cobraba por ingresar migrantes", "charge them to guide
    // them through the jungle".
    ("cobraba|cobraban|cobrava|cobravam|cobran|cobram|cobrar|charge|charged|charging|charges ~3 por|para|to|for ingresar|entrar|cruzar|pasar|llevar|llevarlos|trasladar|atravessar|levar|guide|cross|take|bring|move", Cue::SmugglingTold),
    // Moving people across illegally: "introducido ilegalmente al país a 200 migrantes",
    // "trasladaba de forma irregular a migrantes".
    ("introduc*|sacar|sacaba|sacaban|traslad*|transport*|llevaba|llevaban|levava|levavam|bringing|brought|moving|moved ~3 ilegalmente|irregularmente|clandestinamente|irregular|illegally", Cue::SmugglingTold),
    ("auxilio|ajuda|facilitacao a|da imigracao|emigracao|migracao ilegal|irregular|clandestina", Cue::Smuggling),
    ("favorecimiento|facilitacion|promocion de la inmigracion|migracion|emigracion ilegal|irregular|clandestina", Cue::Smuggling),
    ("promocao de migracao ilegal", Cue::Smuggling),
    ("paso|cruce|ingreso|entrada|travesia|passagem|travessia|traslado irregular|ilegal|clandestino|clandestina de migrantes|personas|extranjeros|pessoas|estrangeiros", Cue::Smuggling),
    ("unit|unidad|unidade|office|oficina|division|department|departamento|coordenadora|coordenacao|coordinacion|secretaria|programa|program|enfrentamento|combate|dia|day|task|direccion|direcao|directorate|delegacia", Cue::Institution),
    ("captain|captains|capitan|capitanes|capitao|capitaes|skipper|skippers|lanchero|lancheros", Cue::CrossingRole),
    ("driver|drivers|chofer|choferes|chofer|motorista|motoristas|conductor|conductores", Cue::CrossingRole),
    ("organizer|organizers|organiser|organisers|organizador|organizadores|organizadora|organizadoras|masterminds", Cue::CrossingRole),
    ("organis*|organiz* ~2 voyage|voyages|trip|trips|crossing|crossings|viaje|viajes|travesia|travesias|viagem|viagens|travessia|travessias", Cue::CrossingRole),
    ("abandonad*|abandoned ~5 caja|trailer|camion|caminhao|carreta|cacamba|carroceria|truck|contenedor|container|furgon|furgao|bodega", Cue::CrossingRole),
    // What a law covers lists forms in general: "una de las modalidades que contempla la
    // legislación", "the law recognises forced labour".
    ("contempla|contemplan|contemplates|reconoce|reconocen|reconhece|recognizes|recognises ~2 la|a|el|o|the legislacion|legislacao|legislation|ley|lei|law|codigo", Cue::Definition),
    ("legislacion|legislacao|legislation|ley|lei|law ~3 contempla|contemplan|contemplates|reconoce|reconhece|recognizes|recognises", Cue::Definition),
];

const INDUSTRY_CUES: &[Entry] = &[
    ("agricol*|agricultur*|granja*|plantacion*|plantacao|plantacoes|finca*|fazenda*|farm|farms|farming|lavoura*|cultivo*|cosecha*|colheita*|harvest*|plantio*|ganader*|pecuaria|herdade*|zafra|vinedo*|frutas|verduras|cana", Cue::Industry(Industry::Agriculture)),
    ("pesca|pesquer*|fishing|fisher*|fishermen|barcos", Cue::Industry(Industry::Fishing)),
    ("mineria|mineros|mining|miners|garimpo*|minera|mineras|mine|mines", Cue::Industry(Industry::Mining)),
    ("construccion|construcao|construction|obras|albanil*|pedreiro*", Cue::Industry(Industry::Construction)),
    ("textil*|textile*|costura|confeccion*|confeccao|sweatshop*|garment*", Cue::Industry(Industry::Textiles)),
    ("fabrica*|factory|factories|manufactur*", Cue::Industry(Industry::Manufacturing)),
    ("domestic work*|servitude", Cue::Industry(Industry::DomesticWork)),
    ("trabajo*|trabalho*|servicio|servico|servidumbre|trabajadora*|trabalhadora*|empleada*|empregada* domestic*", Cue::Industry(Industry::DomesticWork)),
    ("restaurant*|restaurante*|hotel*|hoteles", Cue::Industry(Industry::Hospitality)),
    ("tala|madera*|madeira*|madeireir*|logging|logger*|aserrader*", Cue::Industry(Industry::Logging)),
];

const METHOD_CUES: &[Entry] = &[
    ("reclut*|captab*|captar*|captad*|captac*|enganch*|recruit*|recrut*|alici*|atraer*|atraid*|atrair*|atraiu|lured|lure|luring|entic*|prometi*|promis*|promet*|ofrecian|offered|oferec*", Cue::RecruitVerb),
    ("won over", Cue::RecruitVerb),
    ("redes sociales|sociais", Cue::Channel(R::ThroughOnlineSocialNetworks)),
    ("social media|network*|networking", Cue::Channel(R::ThroughOnlineSocialNetworks)),
    ("facebook|instagram|tiktok|whatsapp|telegram|snapchat", Cue::Channel(R::ThroughOnlineSocialNetworks)),
    ("messaging|mensajeria|mensagens app*|apps|aplicacion*|aplicativo*", Cue::Channel(R::ThroughOnlineSocialNetworks)),
    ("anuncio*|avisos|ofertas ~3 web*|internet|online|linea|digital*|portales|sitios", Cue::Channel(R::ThroughAnOnlineAdvertisement)),
    ("online|internet|web|media ad|ads|advert*", Cue::Channel(R::ThroughAnOnlineAdvertisement)),
    ("anuncio*|avisos|ofertas ~3 periodico*|diario*|prensa|jornal*|clasificados|classificados", Cue::Channel(R::ThroughANewspaperAdvert)),
    ("newspaper|classified ad|ads|advert*", Cue::Channel(R::ThroughANewspaperAdvert)),
    ("anuncio*|ofertas ~2 television|televisao|tv|radio", Cue::Channel(R::ThroughATelevisionAdvert)),
    ("television|tv ad|ads|advert*", Cue::Channel(R::ThroughATelevisionAdvert)),
    ("familiar*|pariente*|parente*|relatives|family|familia", Cue::Channel(R::ThroughFamilyOrFamilyEvents)),
    ("amig*|friend*|acquaintance*|conhecid*|vecin*|vizinh*|neighbo*", Cue::Channel(R::ThroughFriendsOrSocialEvents)),
    ("en|in|at|na|no|em|from|desde|outside|cerca ~2 escuela*|colegio*|school*|escola*|universidad*|university|liceo*", Cue::Channel(R::AtAnEducationalInstitution)),
    ("discoteca*|nightclub*|club|clubs|bar|bares|bars|restaurante*|restaurant*|tienda*|loja*|shop|shops|salon*", Cue::Channel(R::AtAPlaceOfBusiness)),
    ("oferta*|ofrecimiento*|promesa*|promessa* de|of empleo|trabajo|emprego|trabalho", Cue::Channel(R::Other)),
    ("job|employment|work offer*|opportunit*|ads", Cue::Channel(R::Other)),
    ("empleo*|emprego*|jobs|job falso*|falsos|falsas|fake", Cue::Channel(R::Other)),
    ("false|fake job*|employment|work", Cue::Channel(R::Other)),
    // control
    ("deuda*|divida*|debt|debts|endeudad*|endividad*", Cue::Control(Control::DebtBondage)),
    ("retenian|retuvieron|retenia|retiraban|quitaban|quitaron|confiscab*|confiscaron|confiscat*|withheld|withholding|took|seized|tirem|tiravam|tiraram|retinham|retiveram|retem|confiscav*|apreendiam|kept ~3 documento*|pasaporte*|passaporte*|passport*|documents|papers|identidad|identidade|ids", Cue::Control(Control::WithholdsDocuments)),
    ("retencion|retencao|confiscation|retention de|of documento*|pasaporte*|passaporte*|passport*|documents", Cue::Control(Control::WithholdsDocuments)),
    ("quedarse|quedaban|quedaba|ficavam|ficava|kept ~4 recaud*|dinero|ganancias|salario*|dinheiro|ganhos|earnings|wages|money|pay", Cue::Control(Control::TakesEarnings)),
    ("salario*|sueldo*|wages|pago*|pagamento* ~2 retid*|retenid*|withheld|retained|confiscad*", Cue::Control(Control::TakesEarnings)),
    ("withheld|withholding|retuvieron|retinham ~2 wages|salary|pay|earnings|salario*|sueldo*", Cue::Control(Control::TakesEarnings)),
    ("sin|sem|without ~1 salario|sueldo|paga|pay|wages|receber|cobrar|remuneracion|remuneracao", Cue::Control(Control::TakesEarnings)),
    ("no|nao|never|not ~1 recibian|recebiam|recebem|reciben|received|receive|cobraban|cobravam|paid ~2 salario*|sueldo*|pago*|pagamento*|wages|pay|remuneracao|remuneracion", Cue::Control(Control::TakesEarnings)),
    ("pagar*|pagassem|pagaban|pagavam|pay|paid ~2 taxa|cuota|cota|porcentaje|percentagem|percentage|fee", Cue::Control(Control::TakesEarnings)),
    ("golpeab*|golpead*|golpes|golpiza*|paliza*|beating*|beaten|espancad*|espancament*|agredid*|agresion*|tortur*|maltrat*", Cue::Control(Control::PhysicalAbuse)),
    ("violencia|physical fisica|abuse|violence|force", Cue::Control(Control::PhysicalAbuse)),
    ("locking|locked|lock|kept ~2 in|up|inside", Cue::Control(Control::Other)),
    ("agressao|agressoes|agredid*|agrediam|agredia", Cue::Control(Control::PhysicalAbuse)),
    ("amenaz*|ameaca*|ameacad*|threat*", Cue::Control(Control::PhysicalThreats)),
    ("amenaz*|ameac*|threat* ~5 policia|police|deport*|migracion|imigracao|immigration|denunciar*|autoridades|authorities", Cue::Control(Control::ThreatsLawEnforcement)),
    ("amenaz*|ameac*|threat* ~5 famil*|hijos|filhos|children|parents|padres|pais", Cue::Control(Control::ThreatensChildrenFamily)),
    ("abuso*|abusad* sexual*|sexualmente", Cue::Control(Control::SexualAbuse)),
    ("sexual|sexually abuse|abused|assault*", Cue::Control(Control::SexualAbuse)),
    ("violacion*|violad*|estupr*|raped|rape|violentad*", Cue::Control(Control::SexualAbuse)),
    ("sin|sem|without ~1 comida|alimento*|alimentacao|agua|food|water", Cue::Control(Control::WithholdsNecessities)),
    ("privad*|deprived|privados ~2 aliment*|comida|agua|sueno|sono|food|water|sleep", Cue::Control(Control::WithholdsNecessities)),
    ("humill*|humilh*|intimid*|manipul*|aislamiento|isolamento|isolat*", Cue::Control(Control::PsychologicalAbuse)),
    ("abuso*|maltrato*|violencia|tortura|violence|abuse psicologic*|psychological", Cue::Control(Control::PsychologicalAbuse)),
    ("psychological abuse|violence|torture", Cue::Control(Control::PsychologicalAbuse)),
    ("drogaban|drogavam|drugged|drogadas|drogados", Cue::Control(Control::PsychoactiveSubstance)),
    ("obligad*|forzad*|obrigad*|forced ~3 consumir|consume|consuming|tomar|take|taking|usar|use|using ~1 drogas|drugs|droga|cocaina|cocaine|alcohol|sustancias|substances", Cue::Control(Control::PsychoactiveSubstance)),
    ("drogarse", Cue::Control(Control::PsychoactiveSubstance)),
    ("sin|sem|without ~1 descanso|francos|folga*|rest|days", Cue::Control(Control::ExcessiveWorkingHours)),
    ("jornada*|workdays|shifts ~2 extenuant*|exaustiv*|agotador*|interminable*|long|exhausting", Cue::Control(Control::ExcessiveWorkingHours)),
    ("long hours", Cue::Control(Control::ExcessiveWorkingHours)),
    ("falsa*|falso*|false|fake promesa*|promessa*|promise*|ofertas|empleos|empregos|jobs|job", Cue::Control(Control::FalsePromises)),
    ("promesa*|promessa*|promise*|ofertas|empleos|empregos ~2 falsa*|falso*|enganos*", Cue::Control(Control::FalsePromises)),
    ("engano*|enganad*|enganab*|enganar*|enganaram|enganou|deceiv*|decept*|tricked|ardid*", Cue::Control(Control::FalsePromises)),
    ("utilizando|mediante|usando|using|through|com|con|by ~1 fraude*|fraud|deception|deceit", Cue::Control(Control::FalsePromises)),
    ("prometi*|promet*|promising|promised ~4 empleo*|trabajo*|emprego*|trabalho*|jobs|job|work|wages|salario*|romance|marriage|matrimonio|casamento", Cue::Control(Control::FalsePromises)),
    ("privacion|privacao de libertad|liberdade", Cue::Control(Control::Other)),
    ("against their will", Cue::Control(Control::Other)),
    ("contra su|sua voluntad|vontade", Cue::Control(Control::Other)),
    ("encerrad*|encerrab*|trancad*|locked|confined|confinad*|cautiv*|captive|secuestrad*|retenid*|retid*", Cue::Control(Control::Other)),
    ("a la fuerza", Cue::Control(Control::Other)),
    ("libertad|liberdade|freedom|movement ~1 restringid*|restrita|restrito|restricted|limitad*|limited", Cue::Control(Control::Other)),
    ("passport*|pasaporte*|passaporte*|documento*|documents|papers ~2 taken|confiscated|withheld|seized|retenid*|retid*|confiscad*|quitad*|apreendid*", Cue::Control(Control::WithholdsDocuments)),
];

const NAME_CUES: &[Entry] = &[
    ("operacion|operacao|operation|operativo|operaciones|operacoes|operations|operativos", Cue::OperationWord),
    ("intervencion|intervencao|intervention|intervenciones|intervencoes|interventions", Cue::OperationWord),
    ("investigacion|investigacao|investigation|inquerito|investigaciones|investigacoes|investigations|inqueritos", Cue::InquiryWord),
    ("faccion|faccao|faction|banda|gang|pandilla|cartel|carteles|clan|grupo|group|red|rede|network|ring|organizacion|organizacao|organization|organisation|quadrilha|gangue|milicia|mafia|syndicate|facciones|subestructura|subestructuras", Cue::GroupNoun),
    ("gangs|bandas|pandillas|grupos|groups|redes|networks|rings|quadrilhas|faccoes|factions|cartels|clanes|milicias|mafias|gangues", Cue::GroupNoun),
    ("dubbed|codenamed|named|called|denominad*|llamad*|bautizad*|batizad*|chamad*|apodad*|autodenominad*|autodenomina", Cue::Naming),
    ("code - named", Cue::Naming),
    ("conocid*|conhecid*", Cue::Naming),
    ("known as", Cue::Naming),
    ("names such as|like", Cue::Naming),
    ("nombres|nomes como|tales", Cue::Naming),
    // "a que a PJ deu o nome de X", "bajo el nombre de X"
    ("nome|nombre de", Cue::Naming),
    // "el operativo se llamó X", "a ação se chamou X" (not "se llama", which a person does)
    ("se llamo|denomino|denomina|chamou", Cue::Naming),
    ("caso|case|casos|cases", Cue::CaseWord),
];

/// The compiled cue set (built once; patterns are checked by this module's tests).
pub fn cues() -> &'static CueSet<Cue> {
    static SET: OnceLock<CueSet<Cue>> = OnceLock::new();
    SET.get_or_init(|| {
        let all: Vec<Entry> = [COUNT_CUES, FORM_CUES, INDUSTRY_CUES, METHOD_CUES, NAME_CUES]
            .iter()
            .flat_map(|t| t.iter().copied())
            .collect();
        // The tables are constants of this crate and a test compiles them, so an error here is
        // a defect of the build; an empty set keeps the program running if one slips through.
        CueSet::new(&all).unwrap_or_else(|_| CueSet::empty())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_compiles() {
        for table in [COUNT_CUES, FORM_CUES, INDUSTRY_CUES, METHOD_CUES, NAME_CUES] {
            if let Err(e) = CueSet::new(table) {
                panic!("{e}");
            }
        }
    }
}
