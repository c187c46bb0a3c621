//! The interface in English, Spanish and Portuguese: every label, and how numbers and months
//! are written (`1,234.5` in English, `1.234,5` in Spanish and Portuguese). The language is the
//! one the user chose (a cookie set by the switcher), else the first the browser asks for that
//! Rastro speaks, else English.

use std::collections::HashMap;
use std::sync::OnceLock;

pub use rastro_text::Lang;

/// (key, English, Spanish, Portuguese).
const LABELS: &[(&str, &str, &str, &str)] = &[
    ("app.tagline", "Counter-trafficking data, shared safely", "Datos contra la trata, compartidos con seguridad", "Dados contra o tráfico, compartilhados com segurança"),
    ("nav.overview", "Overview", "Resumen", "Visão geral"),
    ("nav.map", "Map", "Mapa", "Mapa"),
    ("nav.routes", "Routes", "Rutas", "Rotas"),
    ("nav.trends", "Trends", "Tendencias", "Tendências"),
    ("nav.incidents", "Incidents", "Incidentes", "Incidentes"),
    ("nav.cases", "Cases", "Casos", "Casos"),
    ("nav.network", "Network", "Red", "Rede"),
    ("nav.alerts", "Alerts", "Alertas", "Alertas"),
    ("nav.screening", "Screening", "Verificación", "Verificação"),
    ("nav.import", "Import", "Importar", "Importar"),
    ("nav.jobs", "Jobs", "Trabajos", "Trabalhos"),
    ("nav.members", "Members", "Miembros", "Membros"),
    ("nav.signout", "Sign out", "Cerrar sesión", "Sair"),
    ("demo.banner", "Demonstration: every record here is generated; none is a real person.", "Demostración: todos los registros son generados; ninguno es una persona real.", "Demonstração: todos os registros são gerados; nenhum é uma pessoa real."),
    ("signin.title", "Sign in", "Iniciar sesión", "Entrar"),
    ("signin.user", "User", "Usuario", "Usuário"),
    ("signin.password", "Password", "Contraseña", "Senha"),
    ("signin.submit", "Sign in", "Entrar", "Entrar"),
    ("signin.refused", "Sign-in refused: unknown user or wrong password.", "Acceso denegado: usuario desconocido o contraseña incorrecta.", "Acesso negado: usuário desconhecido ou senha incorreta."),
    ("signin.demo_users", "Demo users (password rastro-demo-password)", "Usuarios de demostración (contraseña rastro-demo-password)", "Usuários de demonstração (senha rastro-demo-password)"),
    ("filters.active", "Filters", "Filtros", "Filtros"),
    ("filters.none", "No filter: everything you may see.", "Sin filtro: todo lo que puede ver.", "Sem filtro: tudo o que você pode ver."),
    ("filters.remove", "Remove filter", "Quitar filtro", "Remover filtro"),
    ("filters.clear", "Clear all", "Quitar todos", "Limpar todos"),
    ("source.case", "case records", "registros de casos", "registros de casos"),
    ("source.news", "news", "noticias", "notícias"),
    ("source.both", "case records and news", "registros de casos y noticias", "registros de casos e notícias"),
    ("panel.source", "Source", "Fuente", "Fonte"),
    ("panel.coverage", "Coverage", "Cobertura", "Cobertura"),
    ("panel.table", "Table", "Tabla", "Tabela"),
    ("panel.csv", "Download CSV", "Descargar CSV", "Baixar CSV"),
    ("panel.suppressed", "Counts under {k} are hidden (shown as <{k}), and so are the cells that would let them be worked out.", "Los conteos menores que {k} se ocultan (se muestran como <{k}), y también las celdas que permitirían deducirlos.", "Contagens menores que {k} são ocultadas (mostradas como <{k}), assim como as células que permitiriam deduzi-las."),
    ("panel.records", "{n} records visible to you", "{n} registros visibles para usted", "{n} registros visíveis para você"),
    ("overview.title", "Regional overview", "Panorama regional", "Panorama regional"),
    ("overview.cases", "Case records", "Registros de casos", "Registros de casos"),
    ("overview.persons", "Persons (counted once)", "Personas (contadas una vez)", "Pessoas (contadas uma vez)"),
    ("overview.incidents30", "Incidents, last 30 days", "Incidentes, últimos 30 días", "Incidentes, últimos 30 dias"),
    ("overview.incidents365", "Incidents, last 365 days", "Incidentes, últimos 365 días", "Incidentes, últimos 365 dias"),
    ("overview.events30", "Distinct events, last 30 days", "Eventos distintos, últimos 30 días", "Eventos distintos, últimos 30 dias"),
    ("overview.events365", "Distinct events, last 365 days", "Eventos distintos, últimos 365 días", "Eventos distintos, últimos 365 dias"),
    ("overview.by_form", "Victims by form of exploitation", "Víctimas por forma de explotación", "Vítimas por forma de exploração"),
    ("overview.trend", "Records per month", "Registros por mes", "Registros por mês"),
    ("overview.by_country", "By country of exploitation", "Por país de explotación", "Por país de exploração"),
    ("map.title", "Map", "Mapa", "Mapa"),
    ("map.layer", "Shade countries by", "Colorear países por", "Colorir países por"),
    ("map.layer.exploitation", "country of exploitation", "país de explotación", "país de exploração"),
    ("map.layer.citizenship", "citizenship of victims", "nacionalidad de las víctimas", "nacionalidade das vítimas"),
    ("map.layer.incidents", "incidents in the news", "incidentes en las noticias", "incidentes nas notícias"),
    ("map.flows", "Routes drawn on top (origin → destination)", "Rutas sobre el mapa (origen → destino)", "Rotas sobre o mapa (origem → destino)"),
    ("map.no_points", "No victim is ever placed on the map: only counts per country.", "Ninguna víctima se ubica en el mapa: solo conteos por país.", "Nenhuma vítima é posicionada no mapa: apenas contagens por país."),
    ("country.title", "Country", "País", "País"),
    ("routes.title", "Routes: origin → transit → destination", "Rutas: origen → tránsito → destino", "Rotas: origem → trânsito → destino"),
    ("routes.other", "other", "otros", "outros"),
    ("trends.title", "Trends by month", "Tendencias por mes", "Tendências por mês"),
    ("trends.by", "Series by", "Series por", "Séries por"),
    ("trends.previous", "same month a year earlier", "mismo mes un año antes", "mesmo mês um ano antes"),
    ("incidents.title", "Incidents in the news", "Incidentes en las noticias", "Incidentes nas notícias"),
    ("incidents.search", "Search", "Buscar", "Buscar"),
    ("incidents.results", "{n} incidents", "{n} incidentes", "{n} incidentes"),
    ("incidents.result_one", "1 incident", "1 incidente", "1 incidente"),
    ("incidents.more", "More results", "Más resultados", "Mais resultados"),
    ("incidents.none", "No incident matches.", "Ningún incidente coincide.", "Nenhum incidente corresponde."),
    ("incidents.same_event", "Other reports of the same event", "Otras noticias del mismo evento", "Outras notícias do mesmo evento"),
    ("incidents.facts", "Extracted facts", "Hechos extraídos", "Fatos extraídos"),
    ("incidents.article", "Article", "Artículo", "Artigo"),
    ("network.title", "Network", "Red de vínculos", "Rede de vínculos"),
    ("network.intro", "People, groups, places, phones, e-mails, documents, accounts, payments, cases, incidents and alerts you may see, and what connects them. A value few records share ties them strongly; one shared by many, weakly.", "Personas, grupos, lugares, teléfonos, correos, documentos, cuentas, pagos, casos, incidentes y alertas que usted puede ver, y lo que los une. Un dato que comparten pocos registros los une con fuerza; uno que comparten muchos, débilmente.", "Pessoas, grupos, lugares, telefones, e-mails, documentos, contas, pagamentos, casos, incidentes e alertas que você pode ver, e o que os liga. Um dado que poucos registros compartilham os liga com força; um compartilhado por muitos, fracamente."),
    ("network.search", "Find a starting point", "Buscar un punto de partida", "Buscar um ponto de partida"),
    ("network.search_hint", "a name, a group, a phone…", "un nombre, un grupo, un teléfono…", "um nome, um grupo, um telefone…"),
    ("network.search_button", "Find", "Buscar", "Buscar"),
    ("network.found", "{n} found", "{n} encontrados", "{n} encontrados"),
    ("network.none_found", "Nothing in your network matches.", "Nada en su red coincide.", "Nada na sua rede corresponde."),
    ("network.links", "{n} links", "{n} vínculos", "{n} vínculos"),
    ("network.size", "Your network: {nodes} nodes and {edges} links.", "Su red: {nodes} nodos y {edges} vínculos.", "Sua rede: {nodes} nós e {edges} vínculos."),
    ("network.empty", "Nothing you may see is connected yet.", "Nada de lo que puede ver está conectado todavía.", "Nada do que você pode ver está conectado ainda."),
    ("network.starts", "The best connected: start from one", "Los más conectados: empiece por uno", "Os mais conectados: comece por um"),
    ("network.kinds", "Show only", "Mostrar solo", "Mostrar apenas"),
    ("network.from", "From (YYYY-MM-DD)", "Desde (AAAA-MM-DD)", "De (AAAA-MM-DD)"),
    ("network.to", "To (YYYY-MM-DD)", "Hasta (AAAA-MM-DD)", "Até (AAAA-MM-DD)"),
    ("network.hops", "Hops", "Saltos", "Saltos"),
    ("network.cap", "At most", "Como máximo", "No máximo"),
    ("network.apply", "Apply", "Aplicar", "Aplicar"),
    ("network.shown", "{nodes} nodes and {edges} links around it.", "{nodes} nodos y {edges} vínculos a su alrededor.", "{nodes} nós e {edges} vínculos ao redor."),
    ("network.truncated", "Only the closest and strongest ties are shown: raise the limit or choose fewer kinds to see the rest.", "Solo se muestran los vínculos más cercanos y fuertes: suba el máximo o elija menos tipos para ver el resto.", "Só os vínculos mais próximos e fortes são mostrados: aumente o máximo ou escolha menos tipos para ver o resto."),
    ("network.drawing", "The network around {label}", "La red alrededor de {label}", "A rede ao redor de {label}"),
    ("network.recentre", "Select a node to centre the network on it.", "Elija un nodo para centrar la red en él.", "Escolha um nó para centrar a rede nele."),
    ("network.legend", "Kinds of node", "Tipos de nodo", "Tipos de nó"),
    ("network.download", "Download", "Descargar", "Baixar"),
    ("network.ftm", "FollowTheMoney (JSON lines)", "FollowTheMoney (líneas JSON)", "FollowTheMoney (linhas JSON)"),
    ("network.graphml", "GraphML", "GraphML", "GraphML"),
    ("network.brokers", "Brokers", "Intermediarios", "Intermediários"),
    ("network.brokers_hint", "Who sits on the paths between the others here (betweenness).", "Quién está en los caminos entre los demás aquí (intermediación).", "Quem está nos caminhos entre os demais aqui (intermediação)."),
    ("network.no_brokers", "No node here sits between two others.", "Ningún nodo aquí está entre otros dos.", "Nenhum nó aqui está entre dois outros."),
    ("network.betweenness", "Betweenness", "Intermediación", "Intermediação"),
    ("network.degree", "Links", "Vínculos", "Vínculos"),
    ("network.label", "Name", "Nombre", "Nome"),
    ("network.kind", "Kind", "Tipo", "Tipo"),
    ("network.weight", "Tie to the centre", "Vínculo con el centro", "Vínculo com o centro"),
    ("network.community", "Community", "Comunidad", "Comunidade"),
    ("network.when", "When", "Cuándo", "Quando"),
    ("network.from_node", "From", "De", "De"),
    ("network.to_node", "To", "A", "Para"),
    ("network.link", "Link", "Vínculo", "Vínculo"),
    ("network.strength", "Strength", "Fuerza", "Força"),
    ("network.table", "Table of nodes and links", "Tabla de nodos y vínculos", "Tabela de nós e vínculos"),
    ("network.nodes", "Nodes", "Nodos", "Nós"),
    ("network.edges", "Links", "Vínculos", "Vínculos"),
    ("network.open_record", "(open)", "(abrir)", "(abrir)"),
    ("alerts.title", "Alerts on transactions", "Alertas sobre transacciones", "Alertas sobre transações"),
    ("alerts.intro", "Red flags of trafficking raised on your organisation's transactions, and those other organisations shared with it. Each alert keeps the rules that fired, their values and the very transactions behind them.", "Señales de alerta de trata sobre las transacciones de su organización y las que otras organizaciones compartieron con ella. Cada alerta guarda las reglas que se activaron, sus valores y las transacciones que las causaron.", "Sinais de alerta de tráfico nas transações da sua organização e nas que outras organizações compartilharam com ela. Cada alerta guarda as regras acionadas, seus valores e as transações que as causaram."),
    ("alerts.results", "{n} alerts", "{n} alertas", "{n} alertas"),
    ("alerts.none", "No alert matches.", "Ninguna alerta coincide.", "Nenhum alerta corresponde."),
    ("alerts.more", "More alerts", "Más alertas", "Mais alertas"),
    ("alerts.raised", "Raised (UTC)", "Generada (UTC)", "Gerado (UTC)"),
    ("alerts.typology", "Typology", "Tipología", "Tipologia"),
    ("alerts.score", "Score", "Puntaje", "Pontuação"),
    ("alerts.band", "Band", "Nivel", "Nível"),
    ("alerts.status", "Status", "Estado", "Situação"),
    ("alerts.owner", "Raised by", "Generada por", "Gerado por"),
    ("alerts.transactions", "Transactions", "Transacciones", "Transações"),
    ("alerts.any", "any", "cualquiera", "qualquer"),
    ("alerts.from", "From", "Desde", "De"),
    ("alerts.to", "To", "Hasta", "Até"),
    ("alerts.own", "Only my organisation's", "Solo de mi organización", "Só da minha organização"),
    ("alerts.apply", "Apply", "Aplicar", "Aplicar"),
    ("alerts.status.new", "New", "Nueva", "Novo"),
    ("alerts.status.under_review", "Under review", "En revisión", "Em análise"),
    ("alerts.status.reported", "Reported", "Reportada", "Comunicado"),
    ("alerts.status.dismissed", "Dismissed", "Descartada", "Descartado"),
    ("alerts.band.low", "Low", "Bajo", "Baixo"),
    ("alerts.band.medium", "Medium", "Medio", "Médio"),
    ("alerts.band.high", "High", "Alto", "Alto"),
    ("alerts.catalogue", "Catalogue", "Catálogo", "Catálogo"),
    ("alerts.subject", "Subject", "Sujeto", "Sujeito"),
    ("alerts.accounts", "Accounts", "Cuentas", "Contas"),
    ("alerts.network", "Open its network", "Abrir su red", "Abrir sua rede"),
    ("alerts.rules", "Rules that fired", "Reglas activadas", "Regras acionadas"),
    ("alerts.rule", "Rule", "Regla", "Regra"),
    ("alerts.value", "Value", "Valor", "Valor"),
    ("alerts.weight", "Weight", "Peso", "Peso"),
    ("alerts.window", "Window", "Ventana", "Janela"),
    ("alerts.reason", "Why", "Por qué", "Por quê"),
    ("alerts.frozen", "The transactions that made it fire", "Las transacciones que la activaron", "As transações que o acionaram"),
    ("alerts.frozen_hint", "As they were when the alert was raised.", "Tal como estaban cuando se generó la alerta.", "Tal como estavam quando o alerta foi gerado."),
    ("alerts.txn_id", "Id", "Id", "Id"),
    ("alerts.when", "When", "Cuándo", "Quando"),
    ("alerts.amount", "Amount", "Monto", "Valor"),
    ("alerts.channel", "Channel", "Canal", "Canal"),
    ("alerts.debtor", "From", "Origen", "Origem"),
    ("alerts.creditor", "To", "Destino", "Destino"),
    ("alerts.place", "Where", "Dónde", "Onde"),
    ("alerts.contact", "Phone or e-mail", "Teléfono o correo", "Telefone ou e-mail"),
    ("alerts.description", "Description", "Descripción", "Descrição"),
    ("alerts.screening", "Watchlist matches", "Coincidencias en listas", "Correspondências em listas"),
    ("alerts.screening_none", "No party matched a list you may use.", "Ninguna parte coincidió con una lista que usted puede usar.", "Nenhuma parte correspondeu a uma lista que você pode usar."),
    ("alerts.listed", "Listed as", "En la lista como", "Na lista como"),
    ("alerts.list", "List", "Lista", "Lista"),
    ("alerts.withheld_hits", "{n} matches on lists you may not use are not shown.", "No se muestran {n} coincidencias en listas que usted no puede usar.", "Não são mostradas {n} correspondências em listas que você não pode usar."),
    ("alerts.linked", "Linked cases and records", "Casos y registros vinculados", "Casos e registros vinculados"),
    ("alerts.linked_none", "Nothing you may see is linked.", "Nada de lo que puede ver está vinculado.", "Nada do que você pode ver está vinculado."),
    ("alerts.withheld_cases", "{n} linked cases you do not see in full are not shown.", "No se muestran {n} casos vinculados que usted no ve completos.", "Não são mostrados {n} casos vinculados que você não vê por completo."),
    ("alerts.linked_network", "In your network", "En su red", "Na sua rede"),
    ("alerts.hops", "{n} links away", "a {n} vínculos", "a {n} vínculos"),
    ("alerts.review", "Review", "Revisión", "Análise"),
    ("alerts.by", "By", "Por", "Por"),
    ("alerts.move", "Becomes", "Pasa a", "Passa a"),
    ("alerts.note", "Note", "Nota", "Nota"),
    ("alerts.note_hint", "Say why: a note is needed for every change but taking a new alert up for review.", "Diga por qué: se necesita una nota para todo cambio salvo tomar en revisión una alerta nueva.", "Diga por quê: é preciso uma nota para toda mudança, exceto colocar em análise um alerta novo."),
    ("alerts.submit", "Save", "Guardar", "Salvar"),
    ("alerts.not_own", "{owner} raised this alert and shared it: only it reviews it.", "{owner} generó esta alerta y la compartió: solo esa organización la revisa.", "{owner} gerou este alerta e o compartilhou: só essa organização o analisa."),
    ("alerts.final", "This alert was reported: its review is closed.", "Esta alerta fue reportada: su revisión está cerrada.", "Este alerta foi comunicado: sua análise está encerrada."),
    ("kind.person", "Person", "Persona", "Pessoa"),
    ("kind.organisation", "Organisation", "Organización", "Organização"),
    ("kind.group", "Group", "Grupo", "Grupo"),
    ("kind.place", "Place", "Lugar", "Lugar"),
    ("kind.account", "Account", "Cuenta", "Conta"),
    ("kind.phone", "Phone", "Teléfono", "Telefone"),
    ("kind.email", "E-mail", "Correo electrónico", "E-mail"),
    ("kind.document", "Identity document", "Documento de identidad", "Documento de identidade"),
    ("kind.case", "Case", "Caso", "Caso"),
    ("kind.incident", "Incident", "Incidente", "Incidente"),
    ("kind.transaction", "Transaction", "Transacción", "Transação"),
    ("kind.alert", "Alert", "Alerta", "Alerta"),
    ("edge.holds_account", "holds the account", "titular de la cuenta", "titular da conta"),
    ("edge.uses_phone", "uses the phone", "usa el teléfono", "usa o telefone"),
    ("edge.uses_email", "uses the e-mail", "usa el correo", "usa o e-mail"),
    ("edge.has_document", "has the document", "tiene el documento", "tem o documento"),
    ("edge.located_in", "in", "en", "em"),
    ("edge.member_of", "member of", "miembro de", "membro de"),
    ("edge.named_in_case", "names in the case", "nombra en el caso", "cita no caso"),
    ("edge.reported_in_incident", "named in the incident", "mencionado en el incidente", "mencionado no incidente"),
    ("edge.flagged_in_alert", "flagged in the alert", "señalado en la alerta", "sinalizado no alerta"),
    ("edge.paid", "paid", "pagó a", "pagou a"),
    ("edge.paid_from", "paid from", "pagado desde", "pago de"),
    ("edge.paid_to", "paid to", "pagado a", "pago para"),
    ("edge.associate", "associate of", "asociado de", "associado de"),
    ("edge.related", "related to", "relacionado con", "relacionado com"),
    ("role.victim", "victim", "víctima", "vítima"),
    ("role.perpetrator", "perpetrator", "perpetrador", "perpetrador"),
    ("cases.title", "Case records", "Registros de casos", "Registros de casos"),
    ("cases.rows", "Rows", "Filas", "Linhas"),
    ("cases.columns", "Columns", "Columnas", "Colunas"),
    ("cases.none", "(none)", "(ninguna)", "(nenhuma)"),
    ("cases.show", "Show", "Mostrar", "Mostrar"),
    ("screening.title", "Check a person against watchlists", "Verificar a una persona en listas", "Verificar uma pessoa em listas"),
    ("screening.name", "Name", "Nombre", "Nome"),
    ("screening.birth", "Birth date", "Fecha de nacimiento", "Data de nascimento"),
    ("screening.nationality", "Nationality", "Nacionalidad", "Nacionalidade"),
    ("screening.document", "Document number", "Número de documento", "Número do documento"),
    ("screening.list", "List", "Lista", "Lista"),
    ("screening.check", "Check", "Verificar", "Verificar"),
    ("screening.no_lists", "No watchlist is available to you.", "No tiene listas disponibles.", "Nenhuma lista disponível para você."),
    ("screening.no_match", "No match above the threshold.", "Ninguna coincidencia sobre el umbral.", "Nenhuma correspondência acima do limite."),
    ("screening.score", "Score", "Puntaje", "Pontuação"),
    ("screening.why", "Why", "Por qué", "Por quê"),
    ("import.title", "Import case records", "Importar registros de casos", "Importar registros de casos"),
    ("import.file", "File (CSV, XLSX, ODS, JSON lines)", "Archivo (CSV, XLSX, ODS, JSON lines)", "Arquivo (CSV, XLSX, ODS, JSON lines)"),
    ("import.upload", "Upload and preview", "Subir y previsualizar", "Enviar e pré-visualizar"),
    ("import.preview", "Preview", "Vista previa", "Pré-visualização"),
    ("import.dry_run", "Check every row (dry run)", "Revisar todas las filas (simulación)", "Verificar todas as linhas (simulação)"),
    ("import.commit", "Import", "Importar", "Importar"),
    ("import.errors", "Rows with errors", "Filas con errores", "Linhas com erros"),
    ("import.errors_csv", "Download the errors (CSV)", "Descargar los errores (CSV)", "Baixar os erros (CSV)"),
    ("import.valid", "{n} valid rows", "{n} filas válidas", "{n} linhas válidas"),
    ("import.rejected", "{n} rows rejected", "{n} filas rechazadas", "{n} linhas rejeitadas"),
    ("import.imported", "{n} records imported", "{n} registros importados", "{n} registros importados"),
    ("import.duplicates", "{n} already present (nothing added twice)", "{n} ya presentes (nada se agrega dos veces)", "{n} já presentes (nada é adicionado duas vezes)"),
    ("import.running", "Importing…", "Importando…", "Importando…"),
    ("import.queued", "The import is queued: a worker will do it. You may leave this page; the jobs page follows it.", "La importación está en cola: la hará un proceso de trabajo. Puede dejar esta página; la página de trabajos la sigue.", "A importação está na fila: um processo de trabalho a fará. Pode sair desta página; a página de trabalhos a acompanha."),
    ("jobs.title", "Jobs", "Trabajos", "Trabalhos"),
    ("jobs.none", "Your organisation has no jobs.", "Su organización no tiene trabajos.", "A sua organização não tem trabalhos."),
    ("jobs.queued", "Queued", "En cola", "Na fila"),
    ("jobs.failed", "Failed", "Falló", "Falhou"),
    ("jobs.kind", "Job", "Trabajo", "Trabalho"),
    ("jobs.import_cases", "Case import", "Importación de casos", "Importação de casos"),
    ("jobs.ingest_news", "News ingestion", "Ingesta de noticias", "Ingestão de notícias"),
    ("jobs.extract_news", "Extraction backlog", "Reextracción de noticias", "Reextração de notícias"),
    ("jobs.link_persons", "Person linkage", "Vinculación de personas", "Vinculação de pessoas"),
    ("jobs.link_events", "Event linkage", "Agrupación en eventos", "Agrupamento em eventos"),
    ("jobs.release", "Statistics release", "Publicación estadística", "Publicação estatística"),
    ("jobs.stored", "{n} articles stored", "{n} noticias guardadas", "{n} notícias guardadas"),
    ("jobs.already", "{n} already stored", "{n} ya guardadas", "{n} já guardadas"),
    ("jobs.replaced", "{n} incidents replaced", "{n} incidentes reemplazados", "{n} incidentes substituídos"),
    ("jobs.unchanged", "{n} unchanged", "{n} sin cambios", "{n} sem alterações"),
    ("jobs.entities", "{n} distinct persons", "{n} personas distintas", "{n} pessoas distintas"),
    ("jobs.records", "{n} records", "{n} registros", "{n} registros"),
    ("jobs.events", "{n} events", "{n} eventos", "{n} eventos"),
    ("jobs.reports", "{n} reports", "{n} noticias", "{n} notícias"),
    ("jobs.table_rows", "a table of {n} rows", "una tabla de {n} filas", "uma tabela de {n} linhas"),
    ("jobs.state", "State", "Estado", "Estado"),
    ("jobs.progress", "Progress", "Progreso", "Progresso"),
    ("jobs.attempts", "Attempts", "Intentos", "Tentativas"),
    ("jobs.result", "Result", "Resultado", "Resultado"),
    ("jobs.queued_at", "Queued at", "En cola desde", "Na fila desde"),
    ("jobs.by", "By", "Por", "Por"),
    ("import.done", "Import finished", "Importación terminada", "Importação concluída"),
    ("import.row", "Row", "Fila", "Linha"),
    ("import.column", "Column", "Columna", "Coluna"),
    ("import.value", "Value", "Valor", "Valor"),
    ("import.reason", "Reason", "Motivo", "Motivo"),
    ("import.history", "Earlier imports", "Importaciones anteriores", "Importações anteriores"),
    ("import.columns_title", "Name the columns ({n} not placed)", "Nombrar las columnas ({n} sin campo)", "Nomear as colunas ({n} sem campo)"),
    ("import.columns_help", "Give the HTCDS field of each column Rastro did not recognise (e.g. prs_MailingCountry, or hte_Country@Exploitation for a column of destination countries); columns left blank are skipped.", "Indique el campo HTCDS de cada columna que Rastro no reconoció (p. ej. prs_MailingCountry, o hte_Country@Exploitation para una columna de países de destino); las columnas en blanco se omiten.", "Indique o campo HTCDS de cada coluna que o Rastro não reconheceu (p. ex. prs_MailingCountry, ou hte_Country@Exploitation para uma coluna de países de destino); colunas em branco são ignoradas."),
    ("import.header", "Header in the file", "Encabezado en el archivo", "Cabeçalho no arquivo"),
    ("import.field", "HTCDS field", "Campo HTCDS", "Campo HTCDS"),
    ("import.columns_apply", "Check again with these columns", "Revisar de nuevo con estas columnas", "Verificar de novo com estas colunas"),
    ("members.title", "Members", "Miembros", "Membros"),
    ("members.grants_given", "Grants we gave", "Permisos otorgados", "Permissões concedidas"),
    ("members.grants_received", "Grants we received", "Permisos recibidos", "Permissões recebidas"),
    ("members.consents", "Consents", "Consentimientos", "Consentimentos"),
    ("members.referrals_in", "Referrals received", "Derivaciones recibidas", "Encaminhamentos recebidos"),
    ("members.referrals_out", "Referrals sent", "Derivaciones enviadas", "Encaminhamentos enviados"),
    ("members.audit", "Audit trail", "Registro de auditoría", "Trilha de auditoria"),
    ("members.revoke", "Revoke", "Revocar", "Revogar"),
    ("members.not_allowed", "Your role does not show this.", "Su rol no muestra esto.", "Sua função não mostra isto."),
    ("dim.form", "Form of exploitation", "Forma de explotación", "Forma de exploração"),
    ("dim.country.origin", "Country of origin", "País de origen", "País de origem"),
    ("dim.country.transit", "Country of transit", "País de tránsito", "País de trânsito"),
    ("dim.country.destination", "Country of destination", "País de destino", "País de destino"),
    ("dim.country.exploitation", "Country of exploitation", "País de explotación", "País de exploração"),
    ("dim.citizenship", "Citizenship", "Nacionalidad", "Nacionalidade"),
    ("dim.sex", "Sex", "Sexo", "Sexo"),
    ("dim.age_band", "Age band", "Grupo de edad", "Faixa etária"),
    ("dim.year", "Year", "Año", "Ano"),
    ("dim.month", "Month", "Mes", "Mês"),
    ("dim.source", "Source", "Fuente", "Fonte"),
    ("dim.org", "Organisation", "Organización", "Organização"),
    ("dim.outlet", "Outlet", "Medio", "Veículo"),
    ("attr.recruitment_method", "Method of recruitment", "Método de captación", "Método de aliciamento"),
    ("attr.recruitment_site", "Recruitment websites and apps", "Sitios y apps de captación", "Sites e apps de aliciamento"),
    ("attr.control_method", "Methods of control", "Métodos de control", "Métodos de controle"),
    ("attr.sex_exploitation", "Type of sexual exploitation", "Tipo de explotación sexual", "Tipo de exploração sexual"),
    ("attr.industry", "Forced labour industry", "Sector del trabajo forzoso", "Setor do trabalho forçado"),
    ("attr.exploitation_site", "Exploitation websites and apps", "Sitios y apps de explotación", "Sites e apps de exploração"),
    ("attr.vulnerability", "Vulnerabilities", "Vulnerabilidades", "Vulnerabilidades"),
    ("attr.relationship", "Relationship to the trafficker", "Relación con el tratante", "Relação com o traficante"),
    ("attr.trafficking_status", "Trafficking status", "Condición de víctima de trata", "Condição de vítima de tráfico"),
    ("attr.status_decided_by", "Status decided by", "Condición decidida por", "Condição decidida por"),
    ("attr.perpetrator_role", "Perpetrator's role", "Rol del perpetrador", "Papel do perpetrador"),
    ("attr.case_status", "Case status", "Estado del caso", "Situação do caso"),
    ("attr.incoming_referral_reason", "Reason for incoming referral", "Motivo de la derivación recibida", "Motivo do encaminhamento recebido"),
    ("attr.outgoing_referral_reason", "Reason for outgoing referral", "Motivo de la derivación enviada", "Motivo do encaminhamento enviado"),
    ("attr.support_plan", "Support plan type", "Tipo de plan de apoyo", "Tipo de plano de apoio"),
    ("dim.lang", "Language", "Idioma", "Idioma"),
    ("dim.q", "Text", "Texto", "Texto"),
    ("dim.country", "Country", "País", "País"),
    ("dim.from", "From", "Desde", "De"),
    ("dim.to", "To", "Hasta", "Até"),
    ("stage.origin", "origin", "origen", "origem"),
    ("stage.transit", "transit", "tránsito", "trânsito"),
    ("stage.destination", "destination", "destino", "destino"),
    ("stage.exploitation", "exploitation", "explotación", "exploração"),
    ("value.unknown", "unknown", "desconocido", "desconhecido"),
    ("value.other", "other", "otros", "outros"),
    ("total", "Total", "Total", "Total"),
    ("count", "Count", "Conteo", "Contagem"),
    ("error.title", "Something went wrong", "Algo salió mal", "Algo deu errado"),
    ("error.not_found", "Not found.", "No encontrado.", "Não encontrado."),
    ("lang.switch", "Language", "Idioma", "Idioma"),
];

fn table() -> &'static HashMap<&'static str, [&'static str; 3]> {
    static TABLE: OnceLock<HashMap<&'static str, [&'static str; 3]>> = OnceLock::new();
    TABLE.get_or_init(|| {
        LABELS
            .iter()
            .map(|(key, en, es, pt)| (*key, [*en, *es, *pt]))
            .collect()
    })
}

/// The label `key` in `lang`; an unknown key is shown as itself (a test holds every key used in
/// the code to the table).
pub fn t(lang: Lang, key: &'static str) -> &'static str {
    match table().get(key) {
        Some(labels) => labels[index(lang)],
        None => key,
    }
}

/// The label with `{name}` placeholders filled.
pub fn tf(lang: Lang, key: &'static str, values: &[(&str, String)]) -> String {
    let mut text = t(lang, key).to_string();
    for (name, value) in values {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

fn index(lang: Lang) -> usize {
    match lang {
        Lang::En => 0,
        Lang::Es => 1,
        Lang::Pt => 2,
    }
}

/// A whole number with the language's thousands separator.
pub fn number(lang: Lang, n: u64) -> String {
    let digits = n.to_string();
    let separator = match lang {
        Lang::En => ',',
        Lang::Es | Lang::Pt => '.',
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

/// A number with one decimal, in the language's format (`1,234.5` / `1.234,5`).
pub fn decimal(lang: Lang, x: f64) -> String {
    let tenths = (x * 10.0).round();
    let negative = tenths < 0.0;
    let tenths = tenths.abs() as u64;
    let point = match lang {
        Lang::En => '.',
        Lang::Es | Lang::Pt => ',',
    };
    format!(
        "{}{}{point}{}",
        if negative { "-" } else { "" },
        number(lang, tenths / 10),
        tenths % 10
    )
}

/// Months as the interface shows them (the text foundation's month words are folded for
/// reading, not for display).
const MONTHS: [[&str; 12]; 3] = [
    [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ],
    [
        "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic",
    ],
    [
        "jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez",
    ],
];

/// `2024-03` as the language writes a month: `Mar 2024`, `mar 2024`.
pub fn month(lang: Lang, year: i32, month: u8) -> String {
    let name = MONTHS[index(lang)]
        .get(usize::from(month.saturating_sub(1)))
        .copied()
        .unwrap_or("?");
    format!("{name} {year}")
}

/// A month as an axis writes it, short enough for a tick: `Mar '24`, `mar '24`.
pub fn month_tick(lang: Lang, year: i32, month_number: u8) -> String {
    let full = month(lang, year, month_number);
    let name = full.split(' ').next().unwrap_or("");
    format!("{name} '{:02}", year.rem_euclid(100))
}

/// The language of a request: the switcher's cookie, else Accept-Language, else English.
pub fn negotiate(cookie: Option<&str>, accept_language: Option<&str>) -> Lang {
    if let Some(lang) = cookie.and_then(parse) {
        return lang;
    }
    let mut offered: Vec<(f32, Lang)> = accept_language
        .unwrap_or("")
        .split(',')
        .filter_map(|part| {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next()?.trim();
            let quality = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            Some((quality, parse(tag.split('-').next()?)?))
        })
        .collect();
    offered.sort_by(|a, b| b.0.total_cmp(&a.0));
    offered.first().map_or(Lang::En, |(_, lang)| *lang)
}

pub fn parse(code: &str) -> Option<Lang> {
    match code.trim().to_ascii_lowercase().as_str() {
        "en" => Some(Lang::En),
        "es" => Some(Lang::Es),
        "pt" => Some(Lang::Pt),
        _ => None,
    }
}

pub fn code(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::Es => "es",
        Lang::Pt => "pt",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(number(Lang::En, 1_234_567), "1,234,567");
        assert_eq!(number(Lang::Es, 1_234_567), "1.234.567");
        assert_eq!(number(Lang::Pt, 999), "999");
        assert_eq!(decimal(Lang::En, 1234.5), "1,234.5");
        assert_eq!(decimal(Lang::Es, 1234.5), "1.234,5");
        assert_eq!(decimal(Lang::Pt, 0.04), "0,0");
    }

    #[test]
    fn the_language_is_the_users_choice_then_the_browsers() {
        assert_eq!(negotiate(Some("pt"), Some("es")), Lang::Pt);
        assert_eq!(
            negotiate(None, Some("fr-FR, es-PE;q=0.8, en;q=0.5")),
            Lang::Es
        );
        assert_eq!(negotiate(None, Some("de")), Lang::En);
        assert_eq!(negotiate(Some("xx"), None), Lang::En);
    }

    #[test]
    fn every_label_is_in_three_languages_once() {
        let mut seen = std::collections::HashSet::new();
        for (key, en, es, pt) in LABELS {
            assert!(seen.insert(key), "{key} twice");
            assert!(!en.is_empty() && !es.is_empty() && !pt.is_empty(), "{key}");
        }
    }

    /// Every `t(lang, "…")` / `tf(lang, "…"` in the crate's sources names a label of the table,
    /// so no page shows a key instead of words.
    #[test]
    fn every_label_used_exists() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        let mut missing = Vec::new();
        let mut stack = vec![std::path::PathBuf::from(dir)];
        while let Some(path) = stack.pop() {
            if path.is_dir() {
                for entry in std::fs::read_dir(&path).unwrap() {
                    stack.push(entry.unwrap().path());
                }
                continue;
            }
            if path.ends_with("i18n.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for marker in ["t(lang, \"", "tf(lang, \""] {
                for (i, _) in text.match_indices(marker) {
                    let rest = &text[i + marker.len()..];
                    let key = &rest[..rest.find('"').unwrap()];
                    if !table().contains_key(key) {
                        missing.push(format!("{}: {key}", path.display()));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "labels missing: {missing:?}");
    }

    #[test]
    fn months_are_written_in_the_language() {
        assert_eq!(month(Lang::En, 2024, 3), "Mar 2024");
        assert_eq!(month(Lang::Es, 2024, 1), "ene 2024");
        assert_eq!(month(Lang::Pt, 2024, 2), "fev 2024");
        assert_eq!(month_tick(Lang::En, 2024, 3), "Mar '24");
        assert_eq!(month_tick(Lang::Es, 2009, 12), "dic '09");
    }
}
