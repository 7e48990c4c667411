/*
 * Small SVG charts for the console: grouped bars and lines over labelled points. Every value is drawn from
 * numbers and every text is set as text, so nothing here can inject markup. Each chart is a <figure> with a
 * caption, a legend, and an aria-label that says its totals; each bar and point has a <title> tooltip.
 */
'use strict';

window.Charts = (function () {
  const SVG = 'http://www.w3.org/2000/svg';
  const HEIGHT = 240;
  let WIDTH = 640;
  const PAD = { top: 16, right: 12, bottom: 34, left: 46 };

  function svgElement(name, attributes) {
    const element = document.createElementNS(SVG, name);
    Object.entries(attributes || {}).forEach(([key, value]) => element.setAttribute(key, String(value)));
    return element;
  }

  function title(element, text) {
    const tooltip = svgElement('title');
    tooltip.textContent = text;
    element.appendChild(tooltip);
    return element;
  }

  /** The axis' top: four round steps (1, 2, 5 × 10^n; whole numbers for counts) that reach the value. */
  function niceMax(value, integer) {
    const quarter = value > 0 ? value / 4 : 0.25;
    const power = Math.pow(10, Math.floor(Math.log10(quarter)));
    let step = 10 * power;
    for (const factor of [1, 2, 5]) {
      if (quarter <= factor * power) {
        step = factor * power;
        break;
      }
    }
    return 4 * (integer ? Math.max(1, Math.ceil(step)) : step);
  }

  function frame(svg, max, format) {
    const plotHeight = HEIGHT - PAD.top - PAD.bottom;
    for (let i = 0; i <= 4; i++) {
      const value = (max * i) / 4;
      const y = PAD.top + plotHeight - (plotHeight * i) / 4;
      svg.appendChild(svgElement('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y, y2: y, class: 'grid' }));
      const label = svgElement('text', { x: PAD.left - 6, y: y + 4, 'text-anchor': 'end', class: 'axis' });
      label.textContent = format(value);
      svg.appendChild(label);
    }
  }

  function xLabels(svg, labels, step, every) {
    labels.forEach((text, i) => {
      if (i % every === 0 || i === labels.length - 1) {
        const last = i === labels.length - 1 && labels.length > 4;
        const label = svgElement('text', {
          x: last ? WIDTH - PAD.right : PAD.left + step * i + step / 2, y: HEIGHT - PAD.bottom + 16,
          'text-anchor': last ? 'end' : 'middle', class: 'axis'
        });
        label.textContent = text;
        svg.appendChild(label);
      }
    });
  }

  function figure(caption, summary, svg, series) {
    const figureElement = document.createElement('figure');
    figureElement.className = 'chart';
    const heading = document.createElement('figcaption');
    heading.textContent = caption;
    figureElement.appendChild(heading);
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', caption + ': ' + summary);
    figureElement.appendChild(svg);
    const legend = document.createElement('ul');
    legend.className = 'legend';
    series.forEach((s) => {
      const item = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = 'swatch ' + s.cls;
      swatch.setAttribute('aria-hidden', 'true');
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(s.name));
      legend.appendChild(item);
    });
    figureElement.appendChild(legend);
    return figureElement;
  }

  /** Drawn at the width it is shown at (between 300 and 640 px), so its text keeps its size on a phone. */
  function base(width) {
    WIDTH = Math.round(Math.max(300, Math.min(640, width || 640)));
    return svgElement('svg', { viewBox: '0 0 ' + WIDTH + ' ' + HEIGHT, class: 'chart-svg' });
  }

  /** Grouped bars: one group per label, one bar per series. */
  function bars(options) {
    const { caption, labels, series, format = (v) => String(Math.round(v)), every = 1, width } = options;
    const svg = base(width);
    const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values.map((v) => v || 0))), true);
    frame(svg, max, format);
    const plotHeight = HEIGHT - PAD.top - PAD.bottom;
    const step = (WIDTH - PAD.left - PAD.right) / Math.max(1, labels.length);
    const barWidth = Math.max(1, (step * 0.8) / series.length);
    series.forEach((s, j) => {
      s.values.forEach((value, i) => {
        const height = (plotHeight * (value || 0)) / max;
        const bar = svgElement('rect', {
          x: PAD.left + step * i + step * 0.1 + barWidth * j,
          y: PAD.top + plotHeight - height,
          width: barWidth,
          height: Math.max(0, height),
          class: 'bar ' + s.cls,
          'data-series': s.name,
          'data-value': value || 0
        });
        svg.appendChild(title(bar, s.name + ', ' + labels[i] + ': ' + format(value || 0)));
      });
    });
    xLabels(svg, labels, step, every);
    const summary = series.map((s) => s.name + ' ' + format(s.values.reduce((a, v) => a + (v || 0), 0)))
      .join(', ') + ' in all';
    return figure(caption, summary, svg, series);
  }

  /** Lines: one per series; a null value leaves a gap. */
  function lines(options) {
    const { caption, labels, series, format = (v) => String(Math.round(v)), every = 1, summary, width } = options;
    const svg = base(width);
    const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values.filter((v) => v !== null))), false);
    frame(svg, max, format);
    const plotHeight = HEIGHT - PAD.top - PAD.bottom;
    const step = (WIDTH - PAD.left - PAD.right) / Math.max(1, labels.length);
    series.forEach((s) => {
      let path = '';
      const points = [];
      s.values.forEach((value, i) => {
        if (value === null || value === undefined) {
          return;
        }
        const x = PAD.left + step * i + step / 2;
        const y = PAD.top + plotHeight - (plotHeight * value) / max;
        const previous = s.values[i - 1];
        path += (path && previous !== null && previous !== undefined ? ' L ' : ' M ') + x + ' ' + y;
        const point = svgElement('circle', { cx: x, cy: y, r: 3.5, class: 'point ' + s.cls, 'data-series': s.name,
          'data-value': value });
        points.push(title(point, s.name + ', ' + labels[i] + ': ' + format(value)));
      });
      if (path) {
        svg.appendChild(svgElement('path', { d: path.trim(), class: 'line ' + s.cls }));
      }
      points.forEach((point) => svg.appendChild(point));
    });
    xLabels(svg, labels, step, every);
    return figure(caption, summary, svg, series);
  }

  return { bars, lines };
})();
