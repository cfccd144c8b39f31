// Printers room: the list (with the add-printer flow and the demo banner) or, at #/printers/<id>, one printer's detail.
import { useHashRoute } from '../../app/use-hash-route.js';
import { PrinterDetail } from './detail/PrinterDetail.js';
import { PrinterList } from './list/PrinterList.js';
import './printers.css';

export default function PrintersRoom() {
  const [, id] = useHashRoute();
  return id ? <PrinterDetail id={id} /> : <PrinterList />;
}
