"""Country profiles: migration patterns by sex, women's legal rights over time, SDG 10.7.2."""
