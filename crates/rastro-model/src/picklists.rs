//! Every picklist of HTCDS 2.0. Wire names are the standard's value names, byte for byte (including
//! its own spellings, such as `Unaquainted`); labels are the standard's English ones and our
//! Spanish and Portuguese translations.

use crate::picklist::picklist;

picklist! {
    /// `org_Type`: the category of an organisation.
    OrganisationType, field = "Type" {
        Ngo = "NGO", "NGO", "ONG", "ONG";
        LawEnforcement = "LawEnforcement", "Law Enforcement", "Fuerzas del orden", "Forças de segurança", aliases = ["Police", "Policía", "Polícia"];
        HealthServiceOrganisation = "HealthServiceOrganisation", "Health Service Organisation", "Organización de servicios de salud", "Organização de serviços de saúde";
        CentralGovernmentOrganisation = "CentralGovernmentOrganisation", "Central Government Organisation", "Organismo del gobierno central", "Órgão do governo central";
        LocalGovernmentOrganisation = "LocalGovernmentOrganisation", "Local Government Organisation", "Organismo del gobierno local", "Órgão do governo local";
        ImmigrationService = "ImmigrationService", "Immigration Service", "Servicio de migración", "Serviço de imigração";
        LegalService = "LegalService", "Legal Service", "Servicio jurídico", "Serviço jurídico";
        CorporateBusiness = "CorporateBusiness", "Corporate Business", "Empresa", "Empresa";
        SchoolOrCollege = "SchoolOrCollege", "School or College", "Escuela o instituto", "Escola ou faculdade";
    }
}

picklist! {
    /// `prs_Gender`.
    Gender, field = "Gender" {
        Feminine = "Feminine", "Feminine", "Femenino", "Feminino", aliases = ["F", "Female", "Mujer", "Mulher", "Femenina"];
        Masculine = "Masculine", "Masculine", "Masculino", "Masculino", aliases = ["M", "Male", "Hombre", "Homem"];
        TransgenderFeminine = "TransgenderFeminine", "Transgender Feminine", "Transgénero femenino", "Transgênero feminino", aliases = ["Mujer trans", "Mulher trans"];
        TransgenderMasculine = "TransgenderMasculine", "Transgender Masculine", "Transgénero masculino", "Transgênero masculino", aliases = ["Hombre trans", "Homem trans"];
        NonConforming = "NonConforming", "Non-Conforming", "No conforme", "Não conforme", aliases = ["Non-binary", "No binario", "Não binário"];
        NonSpecifiedUnknown = "NonSpecifiedUnknown", "Not Specified/Unknown", "No especificado/desconocido", "Não especificado/desconhecido", aliases = ["Unknown", "Desconocido", "Desconhecido"];
    }
}

picklist! {
    /// `prs_MaritalStatus`.
    MaritalStatus, field = "MaritalStatus" {
        Single = "Single", "Single", "Soltero/a", "Solteiro/a", aliases = ["Soltero", "Soltera", "Solteiro", "Solteira"];
        Married = "Married", "Married", "Casado/a", "Casado/a", aliases = ["Casado", "Casada"];
        Widowed = "Widowed", "Widowed", "Viudo/a", "Viúvo/a", aliases = ["Viudo", "Viuda", "Viúvo", "Viúva"];
        Divorced = "Divorced", "Divorced", "Divorciado/a", "Divorciado/a", aliases = ["Divorciado", "Divorciada"];
        Separated = "Separated", "Separated", "Separado/a", "Separado/a", aliases = ["Separado", "Separada"];
        RegisteredPartnership = "RegisteredPartnership", "Registered Partnership", "Unión registrada", "União estável registrada", aliases = ["Unión libre", "União estável"];
    }
}

picklist! {
    /// `prs_HighestLevelOfEducation`, after ISCED 2011.
    EducationLevel, field = "HighestLevelOfEducation" {
        EarlyChildhoodEducation = "EarlyChildhoodEducation", "Early Childhood Education", "Educación de la primera infancia", "Educação infantil";
        PrimaryEducation = "PrimaryEducation", "Primary Education", "Educación primaria", "Ensino fundamental I", aliases = ["Primaria", "Primaria completa", "Primary", "Primary school"];
        LowerSecondaryEducation = "LowerSecondaryEducation", "Lower Secondary Education", "Educación secundaria baja", "Ensino fundamental II", aliases = ["Ensino fundamental", "Ensino fundamental completo", "Secundaria incompleta", "Ciclo básico"];
        UpperSecondaryEducation = "UpperSecondaryEducation", "Upper Secondary Education", "Educación secundaria alta", "Ensino médio", aliases = ["Secundaria", "Secundaria completa", "Bachillerato", "Ensino médio completo", "Secondary", "High school"];
        PostSecondaryNonTertiaryEducation = "PostSecondaryNonTertiaryEducation", "Post-secondary Non-tertiary Education", "Educación postsecundaria no terciaria", "Educação pós-secundária não superior";
        ShortCycleTertiaryEducation = "ShortCycleTertiaryEducation", "Short-cycle Tertiary Education", "Educación terciaria de ciclo corto", "Ensino superior de curta duração";
        BachelorsOrEquivalentLevel = "BachelorsOrEquivalentLevel", "Bachelor’s or Equivalent Level", "Grado o equivalente", "Bacharelado ou equivalente", aliases = ["Universitaria", "Universitario", "Universitaria completa", "Licenciatura", "Ensino superior", "Superior completo", "University", "Bachelor"];
        MastersOrEquivalentLevel = "MastersOrEquivalentLevel", "Master’s or Equivalent Level", "Maestría o equivalente", "Mestrado ou equivalente";
        DoctoralOrEquivalentLevel = "DoctoralOrEquivalentLevel", "Doctoral or Equivalent Level", "Doctorado o equivalente", "Doutorado ou equivalente";
    }
}

picklist! {
    /// `vic_TraffickingStatus`.
    TraffickingStatus, field = "TraffickingStatus" {
        PossibleVictimOfTrafficking = "PossibleVictimOfTrafficking", "Possible victim of trafficking", "Posible víctima de trata", "Possível vítima de tráfico";
        ActualVictimOfTrafficking = "ActualVictimOfTrafficking", "Actual victim of trafficking", "Víctima de trata identificada", "Vítima de tráfico identificada";
        NotAVictimOfTrafficking = "NotAVictimOfTrafficking", "Not a victim of trafficking", "No es víctima de trata", "Não é vítima de tráfico";
    }
}

picklist! {
    /// `vic_TraffickingStatusDecisionMakingOrg`: who decided the trafficking status.
    DecisionMakingOrg, field = "TraffickingStatusDecisionMakingOrg" {
        Police = "Police", "Police", "Policía", "Polícia";
        Ngo = "NGO", "NGO", "ONG", "ONG";
        CourtOrProsecution = "CourtOrProsecution", "Court or prosecution", "Juzgado o fiscalía", "Tribunal ou Ministério Público";
        NonPoliceGovernmentalOrganization = "NonPoliceGovernmentalOrganization", "Non-police governmental organization", "Organismo gubernamental no policial", "Órgão governamental não policial";
        Other = "Other", "Other", "Otro", "Outro";
    }
}

picklist! {
    /// `vic_RelationshipToTrafficker`. The standard spells the third value `Unaquainted`.
    RelationshipToTrafficker, field = "RelationshipToTrafficker" {
        Familial = "Familial", "Familial", "Familiar", "Familiar";
        Acquainted = "Acquainted", "Acquainted", "Conocido", "Conhecido";
        Unaquainted = "Unaquainted", "Unaquainted", "Desconocido", "Desconhecido", aliases = ["Unacquainted", "Stranger"];
    }
}

picklist! {
    /// `vic_RecruitmentWebsitesAndApps` and `vic_ExploitationWebsitesAndApps`.
    WebsiteOrApp, field = "WebsitesAndApps" {
        Facebook = "Facebook", "Facebook", "Facebook", "Facebook";
        Instagram = "Instagram", "Instagram", "Instagram", "Instagram";
        WhatsApp = "WhatsApp", "WhatsApp", "WhatsApp", "WhatsApp";
        Telegram = "Telegram", "Telegram", "Telegram", "Telegram";
        FacebookMessenger = "FacebookMessenger", "Facebook Messenger", "Facebook Messenger", "Facebook Messenger", aliases = ["Messenger"];
        Viber = "Viber", "Viber", "Viber", "Viber";
        SnapChat = "SnapChat", "SnapChat", "SnapChat", "SnapChat";
        Line = "Line", "Line", "Line", "Line";
        FourSale = "4Sale", "4Sale", "4Sale", "4Sale";
        WeChat = "WeChat", "WeChat", "WeChat", "WeChat";
        Qq = "QQ", "QQ", "QQ", "QQ";
        QZone = "QZone", "QZone", "QZone", "QZone";
        TikTok = "TikTok", "TikTok", "TikTok", "TikTok";
        Twitter = "Twitter", "Twitter", "Twitter", "Twitter", aliases = ["X"];
        Other = "Other", "Other", "Otro", "Outro";
    }
}

picklist! {
    /// `vic_MethodOfRecruitment`.
    MethodOfRecruitment, field = "MethodOfRecruitment" {
        AtAPlaceOfBusiness = "AtAPlaceOfBusiness", "At a place of business", "En un comercio", "Em um estabelecimento comercial";
        AtAnEducationalInstitution = "AtAnEducationalInstitution", "At an educational institution", "En un centro educativo", "Em uma instituição de ensino";
        AtWork = "AtWork", "At work", "En el trabajo", "No trabalho";
        ThroughOnlineSocialNetworks = "ThroughOnlineSocialNetworks", "Through online social networks", "Por redes sociales", "Por redes sociais";
        ThroughAnOnlineAdvertisement = "ThroughAnOnlineAdvertisement", "Through an online advertisement", "Por un anuncio en internet", "Por um anúncio na internet";
        ThroughATelevisionAdvert = "ThroughATelevisionAdvert", "Through a television advert", "Por un anuncio de televisión", "Por um anúncio de televisão";
        ThroughANewspaperAdvert = "ThroughANewspaperAdvert", "Through a newspaper advert", "Por un anuncio de periódico", "Por um anúncio de jornal";
        ThroughFamilyOrFamilyEvents = "ThroughFamilyOrFamilyEvents", "Through family or family events", "Por la familia o eventos familiares", "Pela família ou eventos familiares";
        ThroughFriendsOrSocialEvents = "ThroughFriendsOrSocialEvents", "Through friends or social events", "Por amistades o eventos sociales", "Por amigos ou eventos sociais";
        Other = "Other", "Other", "Otro", "Outro";
    }
}

picklist! {
    /// `vic_MethodsOfControl`.
    MethodOfControl, field = "MethodsOfControl" {
        PhysicalThreats = "PhysicalThreats", "Physical threats", "Amenazas físicas", "Ameaças físicas";
        ThreatsLawEnforcement = "ThreatsLawEnforcement", "Threats of law enforcement", "Amenazas con las autoridades", "Ameaças com as autoridades";
        ThreatensChildrenFamily = "ThreatensChildrenFamily", "Threatens children/family", "Amenazas a hijos/familia", "Ameaças aos filhos/família";
        DebtBondage = "DebtBondage", "Debt bondage", "Servidumbre por deudas", "Servidão por dívida";
        FalsePromises = "FalsePromises", "False promises", "Falsas promesas", "Falsas promessas";
        PhysicalAbuse = "PhysicalAbuse", "Physical abuse", "Abuso físico", "Abuso físico";
        SexualAbuse = "SexualAbuse", "Sexual abuse", "Abuso sexual", "Abuso sexual";
        TakesEarnings = "TakesEarnings", "Takes earnings", "Se queda con las ganancias", "Fica com os ganhos";
        RestrictsFinancialAccess = "RestrictsFinancialAccess", "Restricts financial access", "Restringe el acceso al dinero", "Restringe o acesso ao dinheiro";
        RestrictsMedicalCare = "RestrictsMedicalCare", "Restricts medical care", "Restringe la atención médica", "Restringe o atendimento médico";
        WithholdsNecessities = "WithholdsNecessities", "Withholds necessities", "Priva de lo necesario", "Priva do necessário";
        PsychologicalAbuse = "PsychologicalAbuse", "Psychological abuse", "Abuso psicológico", "Abuso psicológico";
        PsychoactiveSubstance = "PsychoactiveSubstance", "Psychoactive substance", "Sustancias psicoactivas", "Substâncias psicoativas";
        ExcessiveWorkingHours = "ExcessiveWorkingHours", "Excessive working hours", "Jornadas excesivas", "Jornadas excessivas";
        WithholdsDocuments = "WithholdsDocuments", "Withholds documents", "Retiene documentos", "Retém documentos";
        Other = "Other", "Other", "Otro", "Outro";
    }
}

picklist! {
    /// `vic_TypeOfExploitation`.
    ExploitationType, field = "TypeOfExploitation" {
        ForcedLabour = "ForcedLabour", "Forced labour", "Trabajo forzoso", "Trabalho forçado", aliases = ["Forced labor", "Labour exploitation", "Labor exploitation", "Explotación laboral", "Trabajos forzados", "Trabajo forzado", "Trabalho escravo", "Exploração laboral", "Exploração do trabalho", "Trabalho análogo ao de escravo", "Trabalho análogo à escravidão", "Condição análoga à de escravo"];
        SexualExploitation = "SexualExploitation", "Sexual exploitation", "Explotación sexual", "Exploração sexual", aliases = ["Explotación sexual comercial", "ESCNNA", "Prostitución forzada", "Prostitución ajena", "Trata sexual", "Pornografía infantil", "Exploração sexual comercial", "Prostituição forçada", "Pornografia infantil", "Forced prostitution", "Sex trafficking", "Commercial sexual exploitation", "Child pornography"];
        ChildLabour = "ChildLabour", "Child labour", "Trabajo infantil", "Trabalho infantil", aliases = ["Child labor", "Explotación laboral infantil", "Exploração do trabalho infantil"];
        ForcedMarriage = "ForcedMarriage", "Forced marriage", "Matrimonio forzado", "Casamento forçado", aliases = ["Matrimonio servil", "Unión forzada", "Matrimonio infantil forzado", "Casamento servil", "União forçada", "Servile marriage", "Forced union"];
        Servitude = "Servitude", "Servitude", "Servidumbre", "Servidão", aliases = ["Servidumbre doméstica", "Esclavitud", "Prácticas análogas a la esclavitud", "Servidão doméstica", "Escravidão", "Domestic servitude", "Slavery"];
        ForcedMilitaryByNonStateActors = "ForcedMilitaryByNonStateActors", "Forced military (by non-state actors)", "Reclutamiento forzado (por actores no estatales)", "Recrutamento forçado (por atores não estatais)", aliases = ["Reclutamiento forzado", "Reclutamiento ilícito", "Reclutamiento de menores", "Niños soldados", "Recrutamento forçado", "Forced recruitment", "Child soldiers"];
        OrganRemoval = "OrganRemoval", "Organ removal", "Extracción de órganos", "Remoção de órgãos", aliases = ["Tráfico de órganos", "Extracción ilícita de órganos", "Tráfico de órgãos", "Organ trafficking"];
        ForcedBegging = "ForcedBegging", "Forced begging", "Mendicidad forzada", "Mendicância forçada", aliases = ["Mendicidad", "Mendicidad ajena", "Mendicância", "Begging"];
        ForcedAdoption = "ForcedAdoption", "Forced adoption", "Adopción forzada", "Adoção forçada", aliases = ["Illegal adoption", "Adopción ilegal", "Adopción irregular", "Adoção ilegal", "Adoção irregular"];
        Surrogacy = "Surrogacy", "Surrogacy", "Gestación subrogada", "Barriga de aluguel", aliases = ["Vientre de alquiler", "Vientres de alquiler", "Maternidad subrogada", "Gestação de substituição", "Barriga solidária"];
        Other = "Other", "Other", "Otra", "Outra", aliases = ["Actividades delictivas", "Criminalidad forzada", "Actividades ilícitas", "Atividades criminosas", "Criminalidade forçada", "Forced criminality", "Forced criminal activities"];
    }
}

picklist! {
    /// `vic_ForcedLabourIndustry`: ISIC Rev. 4 sections, the letter kept in the value name.
    ForcedLabourIndustry, field = "ForcedLabourIndustry" {
        AgricultureForestryAndFishing = "A_AgricultureForestryAndFishing", "Agriculture, forestry and fishing", "Agricultura, silvicultura y pesca", "Agricultura, silvicultura e pesca";
        MiningAndQuarrying = "B_MiningAndQuarrying", "Mining and quarrying", "Minería y canteras", "Mineração e pedreiras";
        Manufacturing = "C_Manufacturing", "Manufacturing", "Industria manufacturera", "Indústria de transformação";
        ElectricityGasSteamAndAirConditioningSupply = "D_ElectricityGasSteamAndAirConditioningSupply", "Electricity, gas, steam and air conditioning supply", "Suministro de electricidad, gas, vapor y aire acondicionado", "Eletricidade, gás, vapor e ar condicionado";
        WaterSupplySewerageWasteManagement = "E_WaterSupplySewerageWasteManagement", "Water supply; sewerage, waste management and remediation", "Agua, saneamiento y gestión de residuos", "Água, esgoto e gestão de resíduos";
        Construction = "F_Construction", "Construction", "Construcción", "Construção";
        WholesaleAndRetailTradeRepairOfMotorVehicles = "G_WholesaleAndRetailTradeRepairOfMotorVehicles", "Wholesale and retail trade; repair of motor vehicles and motorcycles", "Comercio; reparación de vehículos", "Comércio; reparação de veículos";
        TransportationAndStorage = "H_TransportationAndStorage", "Transportation and storage", "Transporte y almacenamiento", "Transporte e armazenagem";
        AccommodationAndFoodServiceActivities = "I_AccommodationAndFoodServiceActivities", "Accommodation and food service activities", "Alojamiento y servicios de comida", "Alojamento e alimentação";
        InformationAndCommunication = "J_InformationAndCommunication", "Information and communication", "Información y comunicaciones", "Informação e comunicação";
        FinancialAndInsuranceActivities = "K_FinancialAndInsuranceActivities", "Financial and insurance activities", "Actividades financieras y de seguros", "Atividades financeiras e de seguros";
        RealEstateActivities = "L_RealEstateActivities", "Real estate activities", "Actividades inmobiliarias", "Atividades imobiliárias";
        ProfessionalScientificAndTechnicalActivities = "M_ProfessionalScientificAndTechnicalActivities", "Professional, scientific and technical activities", "Actividades profesionales, científicas y técnicas", "Atividades profissionais, científicas e técnicas";
        AdministrativeAndSupportServiceActivities = "N_AdministrativeAndSupportServiceActivities", "Administrative and support service activities", "Actividades administrativas y de apoyo", "Atividades administrativas e de apoio";
        PublicAdministrationAndDefence = "O_PublicAdministrationAndDefence", "Public administration and defence; compulsory social security", "Administración pública y defensa", "Administração pública e defesa";
        Education = "P_Education", "Education", "Enseñanza", "Educação";
        HumanHealthAndSocialWorkActivities = "Q_HumanHealthAndSocialWorkActivities", "Human health and social work activities", "Salud humana y asistencia social", "Saúde humana e serviços sociais";
        ArtsEntertainmentAndRecreation = "R_ArtsEntertainmentAndRecreation", "Arts, entertainment and recreation", "Artes, entretenimiento y recreación", "Artes, cultura e recreação";
        OtherServiceActivities = "S_OtherServiceActivities", "Other service activities", "Otras actividades de servicios", "Outras atividades de serviços";
        ActivitiesOfHouseholdsAsEmployers = "T_ActivitiesOfHouseholdsAsEmployers", "Activities of households as employers; undifferentiated goods- and services- producing activities of households for own use", "Hogares como empleadores (trabajo doméstico)", "Serviços domésticos", aliases = ["Domestic work", "Trabajo doméstico", "Trabalho doméstico"];
        ActivitiesOfExtraterritorialOrganizations = "U_ActivitiesOfExtraterritorialOrganizations", "Activities of extraterritorial organizations and bodies", "Organizaciones extraterritoriales", "Organismos internacionais";
    }
}

picklist! {
    /// `vic_TypeOfSexExploitation`.
    SexExploitationType, field = "TypeOfSexExploitation" {
        Prostitution = "Prostitution", "Prostitution", "Prostitución", "Prostituição";
        Pornography = "Pornography", "Pornography", "Pornografía", "Pornografia";
        RemoteInteractiveServices = "RemoteInteractiveServices", "Remote Interactive Services", "Servicios interactivos a distancia", "Serviços interativos remotos";
        PrivateSexualServices = "PrivateSexualServices", "Private Sexual Services", "Servicios sexuales privados", "Serviços sexuais privados";
    }
}

picklist! {
    /// `vic_Vulnerabilities`.
    Vulnerability, field = "Vulnerabilities" {
        Addiction = "Addiction", "Addiction", "Adicción", "Dependência química";
        SocialGroup = "SocialGroup", "Social Group", "Grupo social", "Grupo social";
        Discrimination = "Discrimination", "Discrimination", "Discriminación", "Discriminação";
        Poverty = "Poverty", "Poverty", "Pobreza", "Pobreza";
        DisabilityAndPhysicalHealth = "DisabilityAndPhysicalHealth", "Disability and physical health", "Discapacidad y salud física", "Deficiência e saúde física";
        MentalHealth = "MentalHealth", "Mental health", "Salud mental", "Saúde mental";
        Migration = "Migration", "Migration", "Migración", "Migração";
        Homelessness = "Homelessness", "Homelessness", "Situación de calle", "Situação de rua";
        AbuseSocialMedia = "AbuseSocialMedia", "Abuse - social media", "Abuso en redes sociales", "Abuso em redes sociais";
        AbusePhysical = "AbusePhysical", "Abuse - physical", "Abuso físico", "Abuso físico";
        Education = "Education", "Education", "Educación", "Educação";
        WorkEnvironment = "WorkEnvironment", "Work environment", "Entorno laboral", "Ambiente de trabalho";
    }
}

picklist! {
    /// `per_RoleInProcess`: what a perpetrator did.
    PerpetratorRole, field = "RoleInProcess" {
        TravellingPartner = "TravellingPartner", "Travelling Partner", "Acompañante de viaje", "Acompanhante de viagem";
        Transporter = "Transporter", "Transporter", "Transportista", "Transportador";
        RecruiterOrIntermediary = "RecruiterOrIntermediary", "Recruiter Or Intermediary", "Reclutador o intermediario", "Aliciador ou intermediário";
        BrokerTravelAgent = "BrokerTravelAgent", "Broker Travel Agent", "Agente de viajes", "Agente de viagens";
        TransferredIndividual = "TransferredIndividual", "Transferred Individual", "Trasladó a la persona", "Transferiu a pessoa";
        HarbouredIndividual = "HarbouredIndividual", "Harboured Individual", "Acogió a la persona", "Alojou a pessoa";
        SoldIndividual = "SoldIndividual", "Sold Individual", "Vendió a la persona", "Vendeu a pessoa";
        BoughtIndividual = "BoughtIndividual", "Bought Individual", "Compró a la persona", "Comprou a pessoa";
        ReceivedIndividual = "ReceivedIndividual", "Received Individual", "Recibió a la persona", "Recebeu a pessoa";
        ControlledIndividual = "ControlledIndividual", "Controlled Individual", "Controló a la persona", "Controlou a pessoa";
        Smuggler = "Smuggler", "Smuggler", "Traficante de migrantes", "Contrabandista de migrantes", aliases = ["Coyote"];
        Abuser = "Abuser", "Abuser", "Abusador", "Abusador";
        Kidnapper = "Kidnapper", "Kidnapper", "Secuestrador", "Sequestrador";
        Exploiter = "Exploiter", "Exploiter", "Explotador", "Explorador";
        Other = "Other", "Other", "Otro", "Outro";
    }
}

picklist! {
    /// `cas_Status`.
    CaseStatus, field = "Status" {
        Active = "Active", "Active", "Activo", "Ativo";
        FollowUp = "FollowUp", "Follow Up", "Seguimiento", "Acompanhamento";
        Closed = "Closed", "Closed", "Cerrado", "Encerrado";
        ClosedReferred = "ClosedReferred", "Closed Referred", "Cerrado por derivación", "Encerrado por encaminhamento";
    }
}

picklist! {
    /// `cas_ReasonForIncomingReferral` and `cas_ReasonForOutgoingReferral`.
    ReferralReason, field = "ReasonForReferral" {
        AdditionalServicesRequired = "AdditionalServicesRequired", "Additional Services Required", "Se requieren servicios adicionales", "Necessita de serviços adicionais";
        MigrationOrChangeOfLocation = "MigrationOrChangeOfLocation", "Migration or Change of Location", "Migración o cambio de lugar", "Migração ou mudança de local";
        Other = "Other", "Other", "Otro", "Outro";
    }
}

picklist! {
    /// `hte_Type`: the stage of the trafficking process an event belongs to.
    EventType, field = "Type" {
        Recruitment = "Recruitment", "Recruitment", "Captación", "Aliciamento", aliases = ["Origin", "Origen", "Origem"];
        Transit = "Transit", "Transit", "Tránsito", "Trânsito";
        Exploitation = "Exploitation", "Exploitation", "Explotación", "Exploração", aliases = ["Destination", "Destino"];
    }
}

picklist! {
    /// `spl_Type`: the kind of support a plan gives.
    SupportPlanType, field = "Type" {
        Education = "Education", "Education", "Educación", "Educação";
        Financial = "Financial", "Financial", "Económico", "Financeiro";
        Health = "Health", "Health", "Salud", "Saúde";
        LabourExploitationRehabilitation = "LabourExploitationRehabilitation", "Labour Exploitation Rehabilitation", "Rehabilitación tras explotación laboral", "Reabilitação após exploração laboral";
        Legal = "Legal", "Legal", "Jurídico", "Jurídico";
        Livelihood = "Livelihood", "Livelihood", "Medios de vida", "Meios de subsistência";
        RightsBasedTraining = "RightsBasedTraining", "Rights-based Training", "Formación en derechos", "Formação em direitos";
        SexualExploitationRehabilitation = "SexualExploitationRehabilitation", "Sexual Exploitation Rehabilitation", "Rehabilitación tras explotación sexual", "Reabilitação após exploração sexual";
        SocialCare = "SocialCare", "Social Care", "Atención social", "Assistência social";
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::picklist::Picklist;
    use rastro_geo::Lang;

    #[test]
    fn the_forms_partners_write_in_three_languages_parse() {
        use ExploitationType as E;
        for (text, expected) in [
            ("mendicidad", E::ForcedBegging),
            ("Matrimonio servil", E::ForcedMarriage),
            ("trabajos forzados", E::ForcedLabour),
            ("Trabalho análogo ao de escravo", E::ForcedLabour),
            (
                "Trata con fines de explotación sexual",
                E::SexualExploitation,
            ),
            (
                "trata de personas con fines de explotación laboral",
                E::ForcedLabour,
            ),
            (
                "tráfico de pessoas para fins de exploração sexual",
                E::SexualExploitation,
            ),
            (
                "trafficking for the purpose of forced begging",
                E::ForcedBegging,
            ),
            ("Tráfico de órganos", E::OrganRemoval),
            ("Servidumbre doméstica", E::Servitude),
            ("reclutamiento forzado", E::ForcedMilitaryByNonStateActors),
            ("actividades delictivas", E::Other),
        ] {
            assert_eq!(E::parse(text), Some(expected), "{text:?}");
        }
        // The purpose words alone, or before something that is no form, are no value.
        assert_eq!(E::parse("trata de personas"), None);
        assert_eq!(E::parse("trata con fines de lucro"), None);
        assert_eq!(
            EducationLevel::parse("Secundaria completa"),
            Some(EducationLevel::UpperSecondaryEducation)
        );
        assert_eq!(
            EducationLevel::parse("primaria"),
            Some(EducationLevel::PrimaryEducation)
        );
    }

    #[test]
    fn wire_names_labels_and_aliases_parse() {
        assert_eq!(
            ExploitationType::parse("SexualExploitation"),
            Some(ExploitationType::SexualExploitation)
        );
        assert_eq!(
            ExploitationType::parse("explotación sexual"),
            Some(ExploitationType::SexualExploitation)
        );
        assert_eq!(
            ForcedLabourIndustry::parse("B_MiningAndQuarrying"),
            Some(ForcedLabourIndustry::MiningAndQuarrying)
        );
        assert_eq!(
            ForcedLabourIndustry::parse("MiningAndQuarrying"),
            Some(ForcedLabourIndustry::MiningAndQuarrying)
        );
        assert_eq!(WebsiteOrApp::parse("4sale"), Some(WebsiteOrApp::FourSale));
        assert_eq!(CaseStatus::parse("follow-up"), Some(CaseStatus::FollowUp));
        assert_eq!(
            RelationshipToTrafficker::parse("Unacquainted"),
            Some(RelationshipToTrafficker::Unaquainted)
        );
        assert_eq!(Gender::parse("Sexual"), None);
    }

    #[test]
    fn closest_value_is_suggested_for_typos() {
        assert_eq!(
            ExploitationType::closest("SexualExploitaton"),
            Some(ExploitationType::SexualExploitation)
        );
        assert_eq!(
            MethodOfRecruitment::closest("ThroughOnlineSocialNetwork"),
            Some(MethodOfRecruitment::ThroughOnlineSocialNetworks)
        );
    }

    #[test]
    fn every_value_has_three_distinct_labels_and_a_unique_wire_name() {
        fn check<P: Picklist>() {
            let mut wires: Vec<&str> = P::ALL.iter().map(|v| v.wire()).collect();
            wires.sort();
            wires.dedup();
            assert_eq!(wires.len(), P::ALL.len(), "{}", P::FIELD);
            for v in P::ALL {
                for lang in Lang::ALL {
                    assert!(!v.label(lang).is_empty());
                }
                assert_eq!(P::parse(v.wire()).map(|p| p.wire()), Some(v.wire()));
            }
        }
        check::<OrganisationType>();
        check::<Gender>();
        check::<MaritalStatus>();
        check::<EducationLevel>();
        check::<TraffickingStatus>();
        check::<DecisionMakingOrg>();
        check::<RelationshipToTrafficker>();
        check::<WebsiteOrApp>();
        check::<MethodOfRecruitment>();
        check::<MethodOfControl>();
        check::<ExploitationType>();
        check::<ForcedLabourIndustry>();
        check::<SexExploitationType>();
        check::<Vulnerability>();
        check::<PerpetratorRole>();
        check::<CaseStatus>();
        check::<ReferralReason>();
        check::<EventType>();
        check::<SupportPlanType>();
    }
}
