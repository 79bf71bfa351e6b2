// The survey choice the crossmatch steps and the cone search box both offer: one radio per survey the service serves
// (GET /info's `surveys`), the first one checked.

export function surveyRadios(surveys, groupName, describedBy = null) {
  return surveys.map((name, i) => {
    const choice = document.createElement('div');
    choice.className = 'choice';
    const radio = document.createElement('input');
    radio.type = 'radio';
    radio.name = groupName;
    radio.id = `${groupName}-${name}`;
    radio.value = name;
    radio.checked = i === 0;
    if (describedBy) radio.setAttribute('aria-describedby', describedBy);
    const label = document.createElement('label');
    label.htmlFor = radio.id;
    label.textContent = name === 'lsst' ? 'Rubin (LSST)' : name.toUpperCase();
    choice.append(radio, label);
    return choice;
  });
}
