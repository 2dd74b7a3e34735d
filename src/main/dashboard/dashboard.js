// Polls /api/state each second and draws it with ECharts. Each chart's ECharts instance sits on
// its element, so a browser test can read what is drawn (echarts.getInstanceByDom).
'use strict';

const POLL_MILLIS = 1000;
const drawn = new Map(); // chart id -> echarts instance
let lastOk = 0;

function card(chart) {
  const div = document.createElement('div');
  div.className = 'card';
  const plot = document.createElement('div');
  plot.className = 'chart';
  plot.id = chart.id;
  plot.dataset.title = chart.title;
  const note = document.createElement('p');
  note.id = chart.id + '-note';
  div.append(plot, note);
  document.getElementById('charts').append(div);
  const instance = echarts.init(plot, null, { renderer: 'canvas' });
  drawn.set(chart.id, instance);
  return instance;
}

function option(chart) {
  const time = chart.axis === 'time';
  const type = chart.style === 'scatter' ? 'scatter' : chart.style;
  return {
    animation: false,
    title: { text: chart.title, textStyle: { fontSize: 14 } },
    tooltip: { trigger: time && type !== 'scatter' ? 'axis' : 'item' },
    legend: { type: 'scroll', bottom: 0 },
    grid: { left: 60, right: 20, top: 40, bottom: 60 },
    xAxis: time ? { type: 'time', name: 'event time (UTC)', nameLocation: 'middle', nameGap: 28 }
                : { type: 'category', data: chart.categories },
    yAxis: { type: 'value', scale: time },
    series: chart.series.map(s => ({
      name: s.name, type, data: s.data, showSymbol: type === 'scatter' || s.data.length < 60,
      symbolSize: type === 'scatter' ? 6 : 4,
    })),
  };
}

function drawCharts(charts) {
  for (const chart of charts) {
    const instance = drawn.get(chart.id) || card(chart);
    // notMerge: a series that left the top ones must not linger.
    instance.setOption(option(chart), { notMerge: true });
    const plot = document.getElementById(chart.id);
    plot.dataset.points = chart.points;
    const shown = chart.series.length < chart.seriesTotal
      ? `, ${chart.series.length} of ${chart.seriesTotal} series shown` : '';
    document.getElementById(chart.id + '-note').textContent =
      `${chart.points} results from ${chart.topics.join(', ')}${shown}`;
  }
}

function drawMetrics(metrics) {
  const section = document.getElementById('operations');
  if (!metrics) return;
  section.hidden = false;
  document.getElementById('metrics-source').textContent =
    'counters from ' + metrics.source + (metrics.error ? ' \u2014 ' + metrics.error : '');
  const table = document.getElementById('counters');
  table.replaceChildren(...Object.entries(metrics.counters).map(([name, value]) => {
    const row = document.createElement('tr');
    row.innerHTML = '<td></td><td class="value"></td>';
    row.cells[0].textContent = name;
    row.cells[1].textContent = value.toLocaleString('en');
    return row;
  }));
  const plot = document.getElementById('lag');
  const instance = drawn.get('lag') || echarts.init(plot);
  drawn.set('lag', instance);
  instance.setOption({
    animation: false,
    title: { text: 'Input partitions: consumer lag (records) and watermark skew (ms)', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', bottom: 0 },
    grid: { left: 60, right: 60, top: 40, bottom: 60 },
    xAxis: { type: 'time', name: 'read at' },
    yAxis: [{ type: 'value', name: 'records' }, { type: 'value', name: 'ms' }],
    series: metrics.partitions.flatMap(p => [
      { name: p.name + ' lag', type: 'line', showSymbol: false, data: p.lag },
      { name: p.name + ' skew', type: 'line', showSymbol: false, yAxisIndex: 1, data: p.skew,
        lineStyle: { type: 'dashed' } },
    ]),
  }, { notMerge: true });
}

async function poll() {
  const status = document.getElementById('status');
  try {
    const response = await fetch('/api/state', { cache: 'no-store' });
    const state = await response.json();
    document.getElementById('pipeline').textContent = state.pipeline;
    drawCharts(state.charts);
    drawMetrics(state.metrics);
    lastOk = Date.now();
    const waiting = state.waitingFor.length ? `; waiting for topic ${state.waitingFor.join(', ')}` : '';
    const unreadable = state.unreadable ? `; ${state.unreadable} records not JSON, skipped` : '';
    status.textContent =
      `${state.records.toLocaleString('en')} records read${waiting}${unreadable}; updated ` +
      new Date(lastOk).toLocaleTimeString('en-GB');
    status.className = '';
    document.body.dataset.records = state.records;
  } catch (e) {
    status.textContent = 'the dashboard server does not answer (' + e.message + ')';
    status.className = 'stale';
  }
  setTimeout(poll, POLL_MILLIS);
}

window.addEventListener('resize', () => drawn.forEach(i => i.resize()));
poll();
