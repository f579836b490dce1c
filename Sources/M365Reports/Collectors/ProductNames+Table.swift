// A subset of Microsoft's table "Product names and service plan identifiers
// for licensing" (https://learn.microsoft.com/entra/identity/users/licensing-service-plan-reference,
// updated 2025-10-29): the products most tenants hold. Run
// scripts/update-product-names to replace it with the whole published CSV.

extension ProductNames {
    /// `String_Id,Product_Display_Name` lines, sorted by String_Id.
    static let table = """
        AAD_PREMIUM,Microsoft Entra ID P1
        AAD_PREMIUM_P2,Microsoft Entra ID P2
        ATP_ENTERPRISE,Microsoft Defender for Office 365 (Plan 1)
        DESKLESSPACK,Office 365 F3
        EMS,Enterprise Mobility + Security E3
        EMSPREMIUM,Enterprise Mobility + Security E5
        ENTERPRISEPACK,Office 365 E3
        ENTERPRISEPREMIUM,Office 365 E5
        EXCHANGEENTERPRISE,Exchange Online (Plan 2)
        EXCHANGESTANDARD,Exchange Online (Plan 1)
        FLOW_FREE,Microsoft Power Automate Free
        MCOEV,Microsoft Teams Phone Standard
        MCOMEETADV,Microsoft 365 Audio Conferencing
        Microsoft_365_Copilot,Copilot for Microsoft 365
        O365_BUSINESS,Microsoft 365 Apps for business
        O365_BUSINESS_ESSENTIALS,Microsoft 365 Business Basic
        O365_BUSINESS_PREMIUM,Microsoft 365 Business Standard
        OFFICESUBSCRIPTION,Microsoft 365 Apps for enterprise
        POWER_BI_PRO,Power BI Pro
        PROJECTPROFESSIONAL,Project Plan 3
        RIGHTSMANAGEMENT,Azure Information Protection Plan 1
        SPB,Microsoft 365 Business Premium
        SPE_E3,Microsoft 365 E3
        SPE_E5,Microsoft 365 E5
        SPE_F1,Microsoft 365 F3
        STANDARDPACK,Office 365 E1
        TEAMS_EXPLORATORY,Microsoft Teams Exploratory
        VISIOCLIENT,Visio Plan 2
        WIN_DEF_ATP,Microsoft Defender for Endpoint
        """
}
