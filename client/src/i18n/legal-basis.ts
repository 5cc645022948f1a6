import type { Language } from './index';

/**
 * The legal basis of each screening rule in English. The rule sets state it in Vietnamese (the
 * legal texts are Vietnamese); English mode shows this translation, keyed by `ruleId@version` so a
 * new version of a rule's text needs a new entry. test/client/reasons-wording.test.ts checks every
 * rule of every rule set has one.
 */
const LAW_BHYT = 'Law on Health Insurance 25/2008/QH12, amended by Law 46/2014/QH13';

export const LEGAL_BASIS_EN: Readonly<Record<string, string>> = {
  'poverty.documented@1.0': `${LAW_BHYT}, art. 12 (groups HN, CN; group codes per Decision 1351/QĐ-BHXH); poor or near-poor household certificate issued by the commune People's Committee (Decision 24/2021/QĐ-TTg)`,
  'insurance.coverage@1.0': `${LAW_BHYT} (art. 16: the insurance card and its validity)`,
  'catastrophic.expenditure@1.0':
    'WHO: health spending is catastrophic when out-of-pocket payments reach 40 % of capacity to pay (Xu et al., Lancet 2003; WHO 2005); SDG 3.8.2',
  'vulnerability.child-under-6@1.0': `${LAW_BHYT}, art. 12 (children under 6, group TE)`,
  'vulnerability.child-without-guardian@1.0': 'Law on Children 102/2016/QH13, art. 1 (a child is under 16); Civil Code 91/2015/QH13 (guardianship)',
  'vulnerability.older-living-alone@1.0': 'Law on the Elderly 39/2009/QH12, art. 2 (aged 60 or over)',
  'vulnerability.disability@1.0': 'Law on Persons with Disabilities 51/2010/QH12',
  'vulnerability.ethnic-minority-area@1.0': `${LAW_BHYT}, art. 12 (groups DT, DK; group codes per Decision 1351/QĐ-BHXH)`,
  'vulnerability.social-protection@1.0': 'Decree 20/2021/NĐ-CP (social-protection beneficiaries; insurance group BT)',
  'vulnerability.violence-victim@1.0':
    'Circular 43/2015/TT-BYT (support for victims of violence); Law on Domestic Violence Prevention and Control 13/2022/QH15',
  'vulnerability.far-from-home@1.0':
    'Circular 43/2015/TT-BYT (receiving and guiding patients); provinces after the merger under Resolution 202/2025/QH15',
  'diagnosis.high-cost@1.0':
    "The project's list of high-cost diagnosis groups (drawn with Circular 46/2016/TT-BYT's long-term disease list in mind)",
  'stay.long-stay@1.0': "The project's threshold (no legal text sets one); configured per hospital",
  'needs.reported@1.0': "Circular 43/2015/TT-BYT, art. 2 (assessing patients' circumstances and support needs)",
  'poverty.income-deprivation@2022.1': 'Decree 07/2021/NĐ-CP, art. 3 (poor, near-poor and medium living standard households)',
  'poverty.income-deprivation@2027.1':
    'Multidimensional poverty standard 2027–2030 (Government decree, number not yet confirmed): income line of poor households',
};

/** The rule's legal basis in the UI language; the stored Vietnamese text when no translation exists yet. */
export function legalBasisText(finding: { ruleId: string; ruleVersion: string; legalSource: string }, lang: Language): string {
  if (lang === 'vi') return finding.legalSource;
  return LEGAL_BASIS_EN[`${finding.ruleId}@${finding.ruleVersion}`] ?? finding.legalSource;
}
